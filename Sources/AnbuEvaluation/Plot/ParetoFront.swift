/// The Pareto front of a set of trade-off points: the points no other point beats on both measures.
public enum ParetoFront {
    /// The indices of the points not dominated by any other, ordered by `x` then `y` (then index).
    ///
    /// Both coordinates are *costs*: smaller is better (pass `-recall` to maximise a recall). A point dominates
    /// another when it is no worse on both coordinates and better on at least one; equal points do not dominate each
    /// other, so both stay on the front. Points with a non-finite coordinate are left out.
    ///
    /// - Complexity: O(n log n).
    public static func minimizing(_ points: [(x: Double, y: Double)]) -> [Int] {
        let order = points.indices
            .filter { points[$0].x.isFinite && points[$0].y.isFinite }
            .sorted { (points[$0].x, points[$0].y, $0) < (points[$1].x, points[$1].y, $1) }
        var front: [Int] = []
        // Scanning by increasing x, a point is on the front when its y is below every y seen at a smaller x, or equal
        // to the last front point's (an exact duplicate of it).
        var bestY = Double.infinity
        for index in order {
            let point = points[index]
            if point.y < bestY {
                front.append(index)
                bestY = point.y
            } else if let last = front.last, points[last].x == point.x, points[last].y == point.y {
                front.append(index)
            }
        }
        return front
    }
}
