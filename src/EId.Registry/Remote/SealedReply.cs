namespace EId.Registry.Remote;

/// <summary>What the HTTP host sends back for one sealed request: a status code and the body bytes.</summary>
/// <param name="StatusCode">200 with a sealed body; 400, 401, 409, 413 or 503 with an empty body when the request was refused before it could be answered under seal.</param>
/// <param name="Body">The sealed response (empty on refusal).</param>
public sealed record SealedReply(int StatusCode, ReadOnlyMemory<byte> Body)
{
    /// <summary>The content type of sealed bodies.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>Prints the status and size only.</summary>
    public override string ToString() => $"SealedReply({StatusCode}, {Body.Length} bytes)";
}
