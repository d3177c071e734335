namespace EId.Documents;

/// <summary>The portrait printed on or stored in a document, as encoded bytes.</summary>
/// <param name="Data">The encoded image.</param>
/// <param name="Format">How <paramref name="Data"/> is encoded.</param>
public sealed record DocumentPortrait(ReadOnlyMemory<byte> Data, ImageFormat Format)
{
    /// <summary>Never prints the image bytes.</summary>
    public override string ToString() => $"DocumentPortrait({Format}, {Data.Length} bytes)";
}
