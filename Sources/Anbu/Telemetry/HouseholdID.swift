/// An opaque household identifier: 1 to 64 characters of `A-Z a-z 0-9 _ . -`.
///
/// Identifiers carry no meaning to the engine; they must not be names, addresses or phone numbers.
public struct HouseholdID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The identifier's text.
    public let rawValue: String

    /// The longest identifier the contract allows.
    public static let maximumLength = 64

    /// An identifier, or `nil` when `rawValue` is empty, longer than 64 characters or has a character outside
    /// `A-Z a-z 0-9 _ . -`.
    public init?(_ rawValue: String) {
        guard Self.isValid(rawValue.utf8) else { return nil }
        self.rawValue = rawValue
    }

    /// Whether these UTF-8 bytes form a valid identifier.
    public static func isValid<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maximumLength else { return false }
        return bytes.allSatisfy(isIdentifierByte)
    }

    /// Whether one byte may appear in an identifier.
    @inlinable
    public static func isIdentifierByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }

    /// The identifier's text.
    public var description: String { rawValue }

    /// Orders identifiers by their text.
    public static func < (lhs: HouseholdID, rhs: HouseholdID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes an identifier, refusing invalid text.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = HouseholdID(text) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "\"\(text)\" is not a household identifier (1–64 of A-Z a-z 0-9 _ . -)"))
        }
        self = id
    }

    /// Encodes the identifier's text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
