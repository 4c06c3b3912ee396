import ArgumentParser

/// The `anbu` command line: runs, checks and tunes the engine on district directories.
@main
struct AnbuCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anbu",
        abstract: "Anbu (안부): household-wellbeing anomaly detection for whole districts.",
        discussion: """
            Reads and writes district directories (see docs/formats.md). Set OPENBLAS_CORETYPE before running \
            on a CPU that Debian's OpenBLAS misdetects; `anbu doctor` tells whether you need to.
            """,
        version: AnbuVersionString.text,
        subcommands: [
            Doctor.self, Simulate.self, Validate.self, Convert.self, Detect.self, Evaluate.self, Tune.self, Plot.self,
            Demo.self, RealData.self, Bench.self,
        ]
    )
}
