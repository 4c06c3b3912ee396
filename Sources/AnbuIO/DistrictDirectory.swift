public import Anbu

/// A district directory (docs/formats.md): households.csv, the readings (readings.csv or the dense form) and the
/// optional absences.csv, incidents.csv and alerts.csv.
public struct DistrictDirectory: Sendable {
    /// households.csv.
    public var households: HouseholdsFile
    /// The readings, binned.
    public var dense: DenseDistrict
    /// absences.csv, when present.
    public var absences: AbsencesFile?
    /// incidents.csv, when present.
    public var incidents: IncidentsFile?
    /// alerts.csv, when present.
    public var alerts: AlertsFile?

    /// A district directory.
    public init(
        households: HouseholdsFile, dense: DenseDistrict, absences: AbsencesFile? = nil,
        incidents: IncidentsFile? = nil, alerts: AlertsFile? = nil
    ) {
        self.households = households
        self.dense = dense
        self.absences = absences
        self.incidents = incidents
        self.alerts = alerts
    }

    /// Where the readings come from.
    public enum ReadingsSource: String, Sendable, Hashable {
        /// The dense form when dense/meta.json exists, readings.csv otherwise.
        case automatic
        /// readings.csv, binned (bins from the options, else dense/meta.json when present, else inferred).
        case csv
        /// The dense form.
        case dense
    }

    /// How a directory is read.
    public struct LoadOptions: Sendable {
        /// What to do with bad input.
        public var policy: ErrorPolicy = .default
        /// Where the readings come from.
        public var source: ReadingsSource = .automatic
        /// How readings.csv is binned.
        public var binning = DistrictBinner.Options()

        /// Default options.
        public init() {}
    }

    /// What reading a directory found.
    public struct LoadReport: Sendable {
        /// Every problem, all files.
        public var problems: ProblemReport
        /// Where the readings came from (`.csv` or `.dense`).
        public var source: ReadingsSource
        /// readings.csv's summary, when it was read.
        public var readings: DistrictBinner.Summary?
    }

    /// The files of the contract, by name.
    public enum FileName {
        /// households.csv
        public static let households = HouseholdsFile.name
        /// readings.csv
        public static let readings = ReadingsWriter.name
        /// absences.csv
        public static let absences = AbsencesFile.name
        /// incidents.csv
        public static let incidents = IncidentsFile.name
        /// alerts.csv
        public static let alerts = AlertsFile.name
        /// dense/meta.json
        public static let meta = "\(DenseForm.folder)/meta.json"
    }

    /// Reads the directory at `path`.
    ///
    /// Problems in rows are reported by `options.policy`; a problem that leaves a required file unreadable (no
    /// households.csv, a header without a required column, a bad `.npy` header) is thrown.
    public static func load(
        from path: String, options: LoadOptions = LoadOptions()
    ) throws(DistrictFileError) -> (directory: DistrictDirectory, report: LoadReport) {
        let keep: Int
        switch options.policy {
        case .stopAtFirst: keep = 1
        case .collect(let k): keep = k
        }
        var problems = ProblemReport(keep: keep)
        let (householdsFile, householdProblems) = try HouseholdsFile.read(
            path: path + "/" + FileName.households, policy: options.policy)
        problems.merge(householdProblems)
        let households = householdsFile.households
        let index = HouseholdIndex(households.map(\.id))

        var source = options.source
        let hasMeta = fileExists(path + "/" + FileName.meta)
        let hasCSV = fileExists(path + "/" + FileName.readings)
        if source == .automatic { source = hasMeta || !hasCSV ? .dense : .csv }
        let dense: DenseDistrict
        var readings: DistrictBinner.Summary?
        switch source {
        case .dense, .automatic:
            dense = try DenseForm.read(from: path, households: households)
        case .csv:
            var binning = options.binning
            binning.policy = options.policy
            if binning.grid == nil, hasMeta {
                binning.grid = try DenseMeta.parse(
                    ByteSource.contents(of: path + "/" + FileName.meta, name: FileName.meta)
                ).grid
            }
            let result = try DistrictBinner.bin(
                path: path + "/" + FileName.readings, households: households, options: binning)
            dense = result.district
            readings = result.summary
            problems.merge(result.summary.problems)
        }

        var directory = DistrictDirectory(households: householdsFile, dense: dense)
        if fileExists(path + "/" + FileName.absences) {
            let (file, found) = try AbsencesFile.read(
                path: path + "/" + FileName.absences, households: index, policy: options.policy)
            directory.absences = file
            problems.merge(found)
        }
        if fileExists(path + "/" + FileName.incidents) {
            let (file, found) = try IncidentsFile.read(
                path: path + "/" + FileName.incidents, households: index, policy: options.policy)
            directory.incidents = file
            problems.merge(found)
        }
        if fileExists(path + "/" + FileName.alerts) {
            let (file, found) = try AlertsFile.read(
                path: path + "/" + FileName.alerts, households: index, policy: options.policy)
            directory.alerts = file
            problems.merge(found)
        }
        return (directory, LoadReport(problems: problems, source: source, readings: readings))
    }

    /// The form readings are written in.
    public enum Form: String, Sendable, Hashable {
        /// dense/meta.json and the `.npy` arrays.
        case dense
        /// readings.csv.
        case csv
    }

    /// Writes the directory to `path` (created when missing): households.csv, the readings in `form`, and the
    /// optional files that are present. Unknown columns of the small files are kept.
    ///
    /// - Returns: Dense cells that readings.csv cannot express (``Form/csv`` only).
    @discardableResult
    public func save(
        to path: String, form: Form, policy: ErrorPolicy = .default
    ) throws(DistrictFileError) -> ProblemReport {
        try makeDirectory(path)
        let zones = DistrictZones(households: households.households)
        try households.write(to: path + "/" + FileName.households)
        try absences?.write(to: path + "/" + FileName.absences, zones: zones)
        try incidents?.write(to: path + "/" + FileName.incidents, zones: zones)
        try alerts?.write(to: path + "/" + FileName.alerts, zones: zones)
        switch form {
        case .dense:
            try DenseForm.write(dense, to: path, zone: zones.district)
            return ProblemReport()
        case .csv:
            return try ReadingsWriter.write(dense, to: path + "/" + FileName.readings, policy: policy)
        }
    }
}
