namespace EId.Credentials.Rendering;

/// <summary>How <see cref="QrCodeRenderer.RenderTerminal"/> draws modules.</summary>
public enum TerminalStyle
{
    /// <summary>Unicode half blocks, two module rows per text line (compact, most terminals).</summary>
    HalfBlocks = 0,

    /// <summary>Plain ASCII, <c>##</c> per dark module (logs, dumb terminals).</summary>
    Ascii = 1,

    /// <summary>ANSI background colours, two spaces per module (scannable from a screen).</summary>
    Ansi = 2,
}
