namespace EId.Risk;

/// <summary>
/// A request as a device signed it: the canonical fields, the signature over them, and the
/// device certificate. The gateway verifies it before any policy runs.
/// </summary>
public sealed record SignedRequest
{
    /// <summary>HTTP method (or operation name in-process), upper case.</summary>
    public required string Method { get; init; }

    /// <summary>Request path.</summary>
    public required string Path { get; init; }

    /// <summary>The body bytes, whose SHA-256 is signed.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The signing device.</summary>
    public required string DeviceId { get; init; }

    /// <summary>When the device signed.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>A single-use random value.</summary>
    public required string Nonce { get; init; }

    /// <summary>Ed25519 signature over the canonical request.</summary>
    public required ReadOnlyMemory<byte> Signature { get; init; }

    /// <summary>The device certificate, as issued at enrolment.</summary>
    public required ReadOnlyMemory<byte> Certificate { get; init; }
}
