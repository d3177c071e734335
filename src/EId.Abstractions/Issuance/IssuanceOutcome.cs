using EId.Credentials;

namespace EId.Issuance;

/// <summary>The result of one issuance request: either the issued credential or a refusal.</summary>
public sealed record IssuanceOutcome
{
    private IssuanceOutcome(string requestId, IssuedCredential? credential, IssuanceRefusal? refusal)
    {
        RequestId = requestId;
        Credential = credential;
        Refusal = refusal;
    }

    /// <summary>The request id this outcome answers.</summary>
    public string RequestId { get; }

    /// <summary>The credential, when issued.</summary>
    public IssuedCredential? Credential { get; }

    /// <summary>The refusal, when nothing was issued.</summary>
    public IssuanceRefusal? Refusal { get; }

    /// <summary>True when the credential was issued.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Credential))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsIssued => Credential is not null;

    /// <summary>True when this outcome was answered from the journal (a retry of a request already decided).</summary>
    public bool FromJournal { get; init; }

    /// <summary>When the outcome was decided.</summary>
    public DateTimeOffset DecidedAt { get; init; }

    /// <summary>An issued outcome.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="credential">The credential.</param>
    /// <returns>The outcome.</returns>
    public static IssuanceOutcome Issued(string requestId, IssuedCredential credential)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(credential);
        return new(requestId, credential, null);
    }

    /// <summary>A refused outcome.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="refusal">Why.</param>
    /// <returns>The outcome.</returns>
    public static IssuanceOutcome Refused(string requestId, IssuanceRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        ArgumentNullException.ThrowIfNull(refusal);
        return new(requestId, null, refusal);
    }

    /// <inheritdoc />
    public override string ToString() => IsIssued ? $"Issued({Credential})" : $"Refused({Refusal})";
}
