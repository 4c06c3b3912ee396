public import Anbu

/// One reading of a real recording, at a *local clock* time: seconds since 1970-01-01 00:00 on the recording's own
/// wall clock (no time zone: real recordings give local times, and the district keeps each person's hours of day).
public struct RecordedSample: Sendable, Hashable {
    /// Local clock time, seconds since 1970-01-01 00:00 local.
    public var localSeconds: Int64
    /// The contract signal (`power` in watts, `steps`, `call_out` / `call_in` with talk seconds, `call_missed`).
    public var signal: Signal
    /// The value, in the contract's unit.
    public var value: Float

    /// A sample.
    public init(localSeconds: Int64, signal: Signal, value: Float) {
        self.localSeconds = localSeconds
        self.signal = signal
        self.value = value
    }
}

/// A real recording of one device of one home or person: a smart meter's power, a tracker's steps, or a phone's
/// calls (counts and talk time only — who was called is dropped when the file is read).
public struct RealRecording: Sendable, Hashable {
    /// Where it came from: `dataset:identifier` (`sgsc:10006414`, `fitbit-2016-04:1503960366`, `cns:300`).
    public var source: String
    /// The device.
    public var device: SignalSource
    /// The samples, by time.
    public var samples: [RecordedSample]
    /// The local times the recording watched, seconds: a time inside it without a sample had nothing to report (no
    /// call), or its device sent nothing.
    public var span: Range<Int64>

    /// A recording; the samples are sorted by time (stable). `span` defaults to the first to the last sample.
    public init(source: String, device: SignalSource, samples: [RecordedSample], span: Range<Int64>? = nil) {
        self.source = source
        self.device = device
        let sorted = samples.enumerated()
            .sorted { ($0.element.localSeconds, $0.offset) < ($1.element.localSeconds, $1.offset) }.map(\.element)
        self.samples = sorted
        if let span {
            self.span = span
        } else if let first = sorted.first, let last = sorted.last {
            self.span = first.localSeconds..<(last.localSeconds + 1)
        } else {
            self.span = 0..<0
        }
    }

    /// The local days (days since 1970-01-01) on which a window of `days` whole days can start: every `days`-th day
    /// from the first local midnight in the span, while the window ends by the end of the span's last day. Empty when
    /// the span is shorter than `days`.
    public func windowStarts(days: Int) -> [Int64] {
        guard days > 0, !span.isEmpty else { return [] }
        let firstDay = floorDivide(span.lowerBound + 86_399, 86_400)
        let endDay = floorDivide(span.upperBound - 1, 86_400) + 1
        return Array(stride(from: firstDay, through: endDay - Int64(days), by: days))
    }

    /// The samples of the window of `days` days starting at local day `startDay`, their times made relative to the
    /// window's start (seconds).
    func window(startDay: Int64, days: Int) -> [RecordedSample] {
        let start = startDay * 86_400
        let end = start + Int64(days) * 86_400
        return samples.filter { $0.localSeconds >= start && $0.localSeconds < end }.map {
            RecordedSample(localSeconds: $0.localSeconds - start, signal: $0.signal, value: $0.value)
        }
    }
}
