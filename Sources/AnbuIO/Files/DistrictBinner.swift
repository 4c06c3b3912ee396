public import Anbu

/// Bins readings.csv into a `DenseDistrict` by the contract's rule (`BinAccumulator`).
public enum DistrictBinner {
    /// How readings are binned.
    public struct Options: Sendable {
        /// What to do with bad rows.
        public var policy: ErrorPolicy = .default
        /// The bins; `nil` to infer them from the readings (a first pass over the file).
        public var grid: BinGrid?
        /// The bin length used when the grid is inferred.
        public var binSeconds = 3600
        /// How far outside the bins a reading may lie before it is an error (it is counted and not binned).
        public var boundSeconds: Int64 = 86_400
        /// The largest gap between days with readings that inference bridges; readings beyond such a gap from the
        /// bulk of the data fall outside the inferred bins.
        public var inferenceGapSeconds: Int64 = 31 * 86_400
        /// The most bins inference may choose (two leap years of hourly bins by default). Readings whose times would
        /// need more stop the read with ``DistrictFileError/Problem/inferredSpanTooLong(time:bins:maximumBins:)``
        /// naming the first such reading, rather than allocating whatever a far-off time asks for; give ``grid``
        /// for a longer district.
        public var maximumInferredBins = 2 * 366 * 24
        /// Reader tuning.
        public var blockSize = 8 << 20
        /// Readings per batch.
        public var batchSize = 1 << 16

        /// Default options.
        public init() {}
    }

    /// What binning found.
    public struct Summary: Sendable, Hashable {
        /// The reader's statistics.
        public var statistics: ReadingsReader.Statistics
        /// Readings outside the bins but within the bound: counted, not binned.
        public var outsideGrid: Int
        /// The problems.
        public var problems: ProblemReport
    }

    /// Infers bins from the readings' times: the largest run of days whose readings are no more than
    /// `inferenceGapSeconds` apart, starting at local midnight (in `zone`) of its first reading and ending with the
    /// bin of its last reading. `nil` when there is no reading. Readings outside the run are not in the bins: the
    /// binner reports each of them (``DistrictFileError/Problem/timeOutOfRange(_:boundSeconds:)``).
    ///
    /// - Throws: ``DistrictFileError/Problem/inferredSpanTooLong(time:bins:maximumBins:)`` at the line of the
    ///   earliest reading of the run whose bin would lie at or beyond `maximumBins` (the earliest, or else the
    ///   latest, of the first UTC day that reaches that far).
    public static func inferGrid(
        from statistics: ReadingsReader.Statistics, binSeconds: Int, zone: HouseholdTimeZone,
        inferenceGapSeconds: Int64, maximumBins: Int = Options().maximumInferredBins, file: String = "readings.csv"
    ) throws(DistrictFileError) -> BinGrid? {
        let days = statistics.days.sorted { $0.key < $1.key }.map(\.value)
        guard !days.isEmpty else { return nil }
        var best: (count: Int, days: Range<Int>)?
        var run = (count: 0, days: 0..<0)
        for (index, day) in days.enumerated() {
            if run.count > 0, day.earliest - days[run.days.upperBound - 1].latest > inferenceGapSeconds * 1000 {
                if best == nil || run.count > best!.count { best = run }
                run = (0, index..<index)
            }
            run.count += day.count
            run.days = run.days.lowerBound..<(index + 1)
        }
        if best == nil || run.count > best!.count { best = run }
        let chosen = days[best!.days]
        // UTC days are in time order, so the run's first day holds its earliest reading and its last day its latest.
        let earliest = chosen.first!.earliest
        var offsets = ZoneOffsets()
        let offset = Int64(offsets.offsetSeconds(of: zone, at: earliest))
        let localSeconds = floorDiv(earliest, 1000) + offset
        let startSeconds = floorDiv(localSeconds, 86_400) * 86_400 - offset
        let provisional = BinGrid(startUnixSeconds: startSeconds, binSeconds: binSeconds, count: 0)
        func bin(_ time: Int64) -> Int { provisional.binIndex(containing: Timestamp(unixMilliseconds: time)) }
        let bins = bin(chosen.last!.latest) + 1
        if bins > maximumBins, let far = chosen.first(where: { bin($0.latest) >= maximumBins }) {
            let (time, line) =
                bin(far.earliest) >= maximumBins ? (far.earliest, far.earliestLine) : (far.latest, far.latestLine)
            throw DistrictFileError(
                .inferredSpanTooLong(
                    time: ContractTime.iso8601(time, offsetSeconds: 0), bins: bins, maximumBins: maximumBins),
                at: FileLocation(file: file, line: line))
        }
        return BinGrid(startUnixSeconds: startSeconds, binSeconds: binSeconds, count: bins)
    }

    /// Reads and bins the readings file at `path` for `households`.
    ///
    /// - Returns: The dense district and what was found. Under ``ErrorPolicy/stopAtFirst`` the first problem is thrown.
    public static func bin(
        path: String, households: [Household], options: Options = Options(), name: String = "readings.csv"
    ) throws(DistrictFileError) -> (district: DenseDistrict, summary: Summary) {
        let index = HouseholdIndex(households.map(\.id))
        var readerOptions = ReadingsReader.Options()
        readerOptions.policy = options.policy
        readerOptions.blockSize = options.blockSize
        readerOptions.batchSize = options.batchSize
        var grid = options.grid
        if grid == nil {
            // A first pass for the times only; problems are reported by the second pass.
            var scanOptions = readerOptions
            scanOptions.policy = .collect(keep: 0)
            let scan = try ReadingsReader(
                path: path, households: households, index: index, options: scanOptions, name: name)
            let (statistics, _) = try scan.forEachBatch { _, _ in }
            grid =
                try inferGrid(
                    from: statistics, binSeconds: options.binSeconds,
                    zone: DistrictZones(households: households).district,
                    inferenceGapSeconds: options.inferenceGapSeconds, maximumBins: options.maximumInferredBins,
                    file: name)
                ?? BinGrid(startUnixSeconds: 0, binSeconds: options.binSeconds, count: 0)
        }
        let chosen = grid!
        readerOptions.range = (chosen, options.boundSeconds)
        let reader = try ReadingsReader(path: path, households: households, index: index, options: readerOptions, name: name)
        var accumulator = BinAccumulator(
            sources: households.map(\.sources), columns: chosen.count, layout: .householdMajor)
        var outside = 0
        let (statistics, problems) = try reader.forEachBatch { batch, _ in
            outside += accumulator.add(batch, grid: chosen)
        }
        var district = DenseDistrict(households: households, grid: chosen)
        accumulator.write(into: &district)
        return (district, Summary(statistics: statistics, outsideGrid: outside, problems: problems))
    }
}

@inline(__always)
func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}
