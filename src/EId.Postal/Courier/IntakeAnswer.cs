namespace EId.Postal.Courier;

/// <summary>An endpoint's HTTP answer without a web framework: status, media type, body, and a short outcome label for metrics.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentType">The body's media type (null when there is no body).</param>
/// <param name="Body">The body (may be empty).</param>
/// <param name="Outcome">A low-cardinality label (<c>Accepted</c>, <c>unsigned</c>, <c>too_large</c>…).</param>
public sealed record IntakeAnswer(int StatusCode, string? ContentType, ReadOnlyMemory<byte> Body, string Outcome)
{
    /// <summary>Summary, safe for logs.</summary>
    public override string ToString() => $"IntakeAnswer({StatusCode}, {Outcome})";
}
