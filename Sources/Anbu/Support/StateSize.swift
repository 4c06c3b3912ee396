/// Measures the heap memory a monitor's state occupies, by walking its stored properties.
///
/// Every detector keeps its state as arrays over households (structure of arrays), so the state's size is the sum of
/// the arrays' capacities. Walking the stored properties by reflection, rather than listing arrays by hand, means a
/// new array is counted without anyone remembering to add it. Reflection is slow; this runs when asked, not per bin.
enum StateSize {
    /// Bytes of heap storage reachable from `value`'s stored properties through arrays and dictionaries.
    static func bytes(of value: Any) -> Int {
        if value is any UncountedStorage { return 0 }
        if let storage = value as? any HeapStorage { return storage.heapBytes }
        var total = 0
        for child in Mirror(reflecting: value).children { total += bytes(of: child.value) }
        return total
    }
}

/// A container whose elements live on the heap.
private protocol HeapStorage { var heapBytes: Int { get } }

extension Array: HeapStorage {
    fileprivate var heapBytes: Int {
        var total = capacity * MemoryLayout<Element>.stride
        // `_isPOD`, not a cast to `BitwiseCopyable`: a dynamic cast to that marker protocol succeeds for every type,
        // which would leave the households' blocks (structs of arrays, elements of an array) uncounted.
        let walked = !(Element.self is any UncountedStorage.Type)
            && (Element.self is any HeapStorage.Type || !_isPOD(Element.self))
        if walked {
            for element in self { total += StateSize.bytes(of: element) }
        }
        return total
    }
}

extension Dictionary: HeapStorage {
    fileprivate var heapBytes: Int {
        // Open addressing: a bitmap word per 64 buckets, then keys and values.
        let buckets = Swift.max(1, capacity * 4 / 3)
        // Values that hold no heap storage add nothing: not walked (a monitor's index has one per household).
        let walked = !(Value.self is any UncountedStorage.Type)
            && (Value.self is any HeapStorage.Type || !_isPOD(Value.self))
        return buckets * (MemoryLayout<Key>.stride + MemoryLayout<Value>.stride) + buckets / 8
            + (walked ? values.reduce(0) { $0 + StateSize.bytes(of: $1) } : 0)
    }
}

/// A value whose heap storage this walk does not count, so that an array of them is not walked element by element.
private protocol UncountedStorage {}

/// A household's record holds its identifier and time zone: strings and enums, whose storage this walk does not count
/// (reflection does not show a string's buffer). Declared so that a million records are not each walked by `Mirror`
/// (7 s at 1,000,000 households), nor each cast to find that out (4,000 instructions a household).
extension Household: UncountedStorage {}
