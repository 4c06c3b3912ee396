import Anbu
@testable import AnbuIO
import Foundation

/// A fresh empty directory under the system's temporary folder.
func temporaryDirectory(_ label: String = #function) -> String {
    let safe = label.filter { $0.isLetter || $0.isNumber }
    let path = NSTemporaryDirectory() + "anbu-io-\(safe)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Writes `text` to `directory/name`.
func write(_ text: String, to directory: String, _ name: String) {
    _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(text.utf8))
}

/// The text of `directory/name`.
func read(_ directory: String, _ name: String) -> String {
    String(decoding: FileManager.default.contents(atPath: directory + "/" + name) ?? Data(), as: UTF8.self)
}

/// The committed fixtures folder.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

func household(_ id: String, _ zone: String = "+09:00", _ sources: SignalSources = .all) -> Household {
    Household(id: HouseholdID(id)!, timeZone: HouseholdTimeZone(parsing: zone)!, sources: sources)
}

/// Unix milliseconds of an ISO time (test helper; traps on bad text).
func ms(_ text: String) -> Int64 { try! ContractTime.parse(text).get() }
