/// Unicode's bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C):
/// invisible characters that reorder what follows them, so "moc.elpmaxe//:sptth" typed after a
/// right-to-left override shows as a link to somewhere else. A shopper's message is kept and
/// shown without them, to agents and in the widget alike.
public enum BidiControls {
    /// `text` without its bidirectional controls; `text` itself when it has none (nearly always:
    /// one pass over the bytes finds no lead byte such a character starts with).
    public static func removed(from text: String) -> String {
        guard text.scanningUTF8({ $0.contains { $0 == 0xE2 || $0 == 0xD8 } }) else { return text }
        var scalars = String.UnicodeScalarView()
        for s in text.unicodeScalars where !isControl(s) { scalars.append(s) }
        return String(scalars)
    }

    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }
}
