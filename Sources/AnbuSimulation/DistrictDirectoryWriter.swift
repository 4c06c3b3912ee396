public import Anbu
import AnbuIO
import Foundation

/// Writes a simulated district as a district directory (docs/formats.md): households.csv, readings.csv or the dense
/// form, incidents.csv (ground truth), absences.csv, and personas.csv (the persona behind each household, for
/// evaluation by persona; not part of the contract).
///
/// Households are generated in blocks in parallel and written in household order as each block completes, so memory
/// stays bounded by one block (plus the households list and the ground truth).
public struct DistrictDirectoryWriter {
    /// The output form.
    public enum Form: Sendable, Hashable {
        /// readings.csv, one row per reading, in each household's arrival order.
        case csv
        /// dense/meta.json and one `.npy` per signal.
        case dense
    }

    /// What was written.
    public struct Summary: Sendable, Hashable {
        /// Households written.
        public var households: Int
        /// Readings generated (rows of readings.csv, or readings binned into the dense form).
        public var readings: Int
        /// Incidents written, by kind.
        public var incidents: [IncidentKind: Int]
        /// Announced absences written.
        public var absences: Int
    }

    /// The district.
    public var simulation: DistrictSimulation
    /// The output form.
    public var form: Form
    /// Generating threads (default: one per core).
    public var threads: Int?
    /// Households generated per block (default: 256 for CSV, 2048 for the dense form).
    public var blockSize: Int?

    /// A writer.
    public init(simulation: DistrictSimulation, form: Form = .csv, threads: Int? = nil, blockSize: Int? = nil) {
        self.simulation = simulation
        self.form = form
        self.threads = threads
        self.blockSize = blockSize
    }

    /// Writes the district under `directory` (created if needed); `progress` is called after each block with the
    /// number of households done.
    ///
    /// - Throws: `DistrictFileError` (AnbuIO) or a Foundation file error when a file cannot be written.
    @discardableResult
    public func write(to directory: String, progress: ((Int) -> Void)? = nil) throws -> Summary {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let count = simulation.householdCount
        let records = ResultSlots<(household: Household, persona: String)>(count: count)
        let simulation = self.simulation
        DispatchQueue.concurrentPerform(iterations: min(64, count)) { part in
            var i = part
            while i < count {
                records.store(simulation.householdRecord(i), at: i)
                i += min(64, count)
            }
        }
        let list = records.collect()
        let households = list.map(\.household)
        try HouseholdsFile(households: households).write(to: directory + "/" + HouseholdsFile.name)
        var personas = "household,persona\n"
        for record in list { personas += "\(record.household.id.rawValue),\(record.persona)\n" }
        try Data(personas.utf8).write(to: URL(fileURLWithPath: directory + "/personas.csv"))

        var incidents = simulation.districtIncidents
        var absences: [Absence] = []
        var readingCount = 0
        switch form {
        case .csv:
            let writer = try ReadingsWriter(path: directory + "/" + ReadingsWriter.name, households: households)
            try simulation.generate(blockSize: blockSize ?? 256, threads: threads, transform: { $0 }) { range, block in
                for household in block {
                    for reading in household.readings {
                        try writer.append(
                            household: household.index, signal: reading.signal, time: reading.time.unixMilliseconds,
                            value: Float(reading.value))
                    }
                    readingCount += household.readings.count
                    incidents += household.incidents
                    absences += household.absences
                }
                progress?(range.upperBound)
            }
            try writer.finish()
        case .dense:
            let grid = simulation.grid
            let folder = directory + "/" + DenseForm.folder
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var files: [DenseSignal: FileHandle] = [:]
            for signal in DenseSignal.allCases {
                let path = folder + "/\(signal.rawValue).npy"
                _ = FileManager.default.createFile(atPath: path, contents: Data(NPY.header(rows: count, columns: grid.count)))
                files[signal] = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
                try files[signal]!.seekToEnd()
            }
            struct Row: Sendable {
                var values: [DenseSignal: [Float]]
                var readings: Int
                var incidents: [Incident]
                var absences: [Absence]
            }
            try simulation.generate(blockSize: blockSize ?? 2048, threads: threads, transform: { household in
                Row(values: household.denseRow(grid: grid), readings: household.readings.count,
                    incidents: household.incidents, absences: household.absences)
            }) { range, block in
                for signal in DenseSignal.allCases {
                    var bytes = Data(capacity: block.count * grid.count * 4)
                    for row in block {
                        row.values[signal]!.withUnsafeBufferPointer { buffer in
                            for value in buffer {
                                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
                            }
                        }
                    }
                    try files[signal]!.write(contentsOf: bytes)
                }
                for row in block {
                    readingCount += row.readings
                    incidents += row.incidents
                    absences += row.absences
                }
                progress?(range.upperBound)
            }
            for file in files.values { try file.close() }
            let meta = DenseMeta(grid: grid, households: count)
            try Data(meta.json(zone: simulation.timeZone).utf8).write(to: URL(fileURLWithPath: folder + "/meta.json"))
        }
        let zones = DistrictZones(households: households)
        try IncidentsFile(incidents: incidents).write(to: directory + "/" + IncidentsFile.name, zones: zones)
        try AbsencesFile(absences: absences).write(to: directory + "/" + AbsencesFile.name, zones: zones)
        var byKind: [IncidentKind: Int] = [:]
        for incident in incidents { byKind[incident.kind, default: 0] += 1 }
        return Summary(households: count, readings: readingCount, incidents: byKind, absences: absences.count)
    }
}
