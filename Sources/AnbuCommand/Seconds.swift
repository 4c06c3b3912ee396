import Foundation

/// A duration in seconds, for the commands' timing lines (measured with `ContinuousClock`, a monotonic clock).
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// CPU seconds this process has used so far, on all its threads (user and system). Beside a wall time it tells how
/// much of the machine a run had: on a shared machine the wall time includes time other processes took.
func processCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
