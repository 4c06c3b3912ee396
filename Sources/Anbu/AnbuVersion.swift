/// The version of the Anbu package.
public enum AnbuVersion {
    /// The semantic version of this build of Anbu, e.g. `"0.1.0"`. Matches the newest entry in CHANGELOG.md.
    public static let current = "0.1.0"

    /// The Swift compiler this build of Anbu was compiled with, as a lower bound (e.g. `"6.3"`).
    public static var compiler: String {
        #if compiler(>=6.5)
        "6.5 or later"
        #elseif compiler(>=6.4)
        "6.4"
        #elseif compiler(>=6.3)
        "6.3"
        #elseif compiler(>=6.2)
        "6.2"
        #else
        "6.1"
        #endif
    }
}
