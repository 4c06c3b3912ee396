@_spi(LinearAlgebra) import Anbu
import ArgumentParser
import Foundation

/// `anbu doctor`: what this build runs on, and whether OpenBLAS uses the right kernel for the CPU.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the build, the CPU features and the OpenBLAS kernel in use; warn when the kernel is too old."
    )

    @Flag(help: "Exit with status 1 when a warning is printed.")
    var strict = false

    func run() throws {
        let cpu = CPUInfo.current()
        let diagnosis = CoreDiagnosis(coreInUse: OpenBLASRuntime.coreName, cpuFlags: cpu.flags)
        let environmentCore = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]

        print("anbu \(AnbuVersion.current), built with Swift \(AnbuVersion.compiler)")
        print("cpu:       \(cpu.modelName), \(ProcessInfo.processInfo.activeProcessorCount) cores")
        let interesting = ["sse4_2", "avx", "avx2", "fma", "avx512f"]
        let shown = interesting.map { "\($0) \(cpu.flags.contains($0) ? "yes" : "no")" }
        print("features:  \(shown.joined(separator: ", "))")
        print("openblas:  core \(diagnosis.coreInUse), \(OpenBLASRuntime.threadCount) threads")
        print("config:    \(OpenBLASRuntime.configuration.trimmingCharacters(in: .whitespaces))")
        print("OPENBLAS_CORETYPE=\(environmentCore ?? "(unset)")")
        if let recommended = diagnosis.recommendedCore {
            print("recommended core for this CPU: \(recommended)")
        }
        if let warning = diagnosis.warning {
            print("")
            print("warning: \(warning)")
            if strict { throw ExitCode(1) }
        } else {
            print("ok: the OpenBLAS kernel matches the CPU")
        }
    }
}

/// The parts of `/proc/cpuinfo` that matter for choosing kernels.
struct CPUInfo {
    var modelName: String
    var flags: Set<String>

    static func current() -> CPUInfo {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
            return CPUInfo(modelName: "unknown (no /proc/cpuinfo)", flags: [])
        }
        return parse(text)
    }

    static func parse(_ text: String) -> CPUInfo {
        var model = "unknown"
        var flags = Set<String>()
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "model name", model == "unknown" { model = value }
            if key == "flags", flags.isEmpty { flags = Set(value.split(separator: " ").map(String.init)) }
        }
        return CPUInfo(modelName: model, flags: flags)
    }
}

/// The text `anbu --version` prints.
enum AnbuVersionString {
    static var text: String { "\(AnbuVersion.current) (Swift \(AnbuVersion.compiler))" }
}
