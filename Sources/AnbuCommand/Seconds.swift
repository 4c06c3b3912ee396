/// A duration in seconds, for the commands' timing lines (measured with `ContinuousClock`, a monotonic clock).
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}
