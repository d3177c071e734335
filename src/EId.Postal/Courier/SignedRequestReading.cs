using EId.Risk;

namespace EId.Postal.Courier;

/// <summary>
/// What the host read from a request's signature headers (the header codec lives with the gateway, so the host parses and
/// hands the outcome in): the signed request, or why there is none.
/// </summary>
public sealed record SignedRequestReading
{
    /// <summary>The reason code for a request without signature headers.</summary>
    public const string UnsignedCode = "request.unsigned";

    private SignedRequestReading(SignedRequest? request, string? problemCode)
    {
        Request = request;
        ProblemCode = problemCode;
    }

    /// <summary>The signed request, when the headers were well formed.</summary>
    public SignedRequest? Request { get; }

    /// <summary>The reason code when they were not (<see cref="UnsignedCode"/> or the gateway's malformed-request code).</summary>
    public string? ProblemCode { get; }

    /// <summary>No signature headers.</summary>
    public static SignedRequestReading Unsigned { get; } = new(null, UnsignedCode);

    /// <summary>Signature headers that do not parse.</summary>
    public static SignedRequestReading Malformed { get; } = new(null, RiskReasonCode.RequestMalformed.Value);

    /// <summary>A well-formed signed request.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The reading.</returns>
    public static SignedRequestReading Of(SignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request, null);
    }
}
