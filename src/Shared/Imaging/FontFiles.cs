using SkiaSharp;

namespace EId.Imaging;

/// <summary>
/// Where renderers find a font with Chinese glyphs for cards and waybills. SkiaSharp's self-contained Linux build has
/// no fontconfig, so it finds no system font by name: renderers load a file instead. <see cref="EnvironmentVariable"/>
/// wins; otherwise the first of <see cref="Candidates"/> that exists (Debian <c>fonts-wqy-microhei</c> or
/// <c>fonts-noto-cjk</c>, Windows, macOS). Linked into every package that renders text (src/Shared).
/// </summary>
internal static class FontFiles
{
    /// <summary>Names a font file (TTF, OTF or TTC) to use instead of the candidates.</summary>
    public const string EnvironmentVariable = "EID_FONT";

    /// <summary>Well-known font files with CJK glyphs, in order of preference.</summary>
    public static IReadOnlyList<string> Candidates { get; } =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        @"C:\Windows\Fonts\msyh.ttc",
        "/System/Library/Fonts/PingFang.ttc",
    ];

    /// <summary>The font file to use, or null when none is installed (text is then drawn with whatever the renderer falls back to).</summary>
    /// <returns>A path, or null.</returns>
    public static string? Find() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured && File.Exists(configured)
            ? configured
            : Candidates.FirstOrDefault(File.Exists);

    /// <summary>
    /// Loads the typeface to draw with: the font file from <see cref="Find"/>, else whatever Skia's font manager offers for
    /// Chinese glyphs, else Skia's default. The caller owns the result.
    /// </summary>
    /// <returns>A typeface; never null.</returns>
    public static SKTypeface LoadTypeface() =>
        (Find() is { } file ? SKTypeface.FromFile(file) : null) ?? SKFontManager.Default.MatchCharacter('张') ?? SKTypeface.Default;
}
