extension DenseDistrict {
    /// The bins in `range` as a district of their own, whose grid starts at bin `range.lowerBound`: for running a
    /// district through a monitor in parts (``DistrictMonitor/process(_:progress:)`` takes them one after another).
    ///
    /// - Precondition: `range` lies within `0...grid.count`.
    /// - Complexity: O(households × `range.count`): the values are copied.
    public func bins(_ range: Range<Int>) -> DenseDistrict {
        precondition(range.lowerBound >= 0 && range.upperBound <= grid.count, "bins \(range) outside 0..<\(grid.count)")
        var part = self
        part.grid = BinGrid(startUnixSeconds: grid.start(ofBin: range.lowerBound).unixSeconds,
                            binSeconds: grid.binSeconds, count: range.count)
        let households = households.count, bins = grid.count
        part.values = values.mapValues { matrix in
            matrix.withUnsafeBufferPointer { source in
                SignalMatrix(unsafeUninitializedCount: households * range.count) { slice in
                    for h in 0..<households {
                        (slice.baseAddress! + h * range.count).initialize(
                            from: source.baseAddress! + h * bins + range.lowerBound, count: range.count)
                    }
                }
            }
        }
        return part
    }
}
