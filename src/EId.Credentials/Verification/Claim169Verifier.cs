using EId.Credentials.Status;
using EId.Credentials.Trust;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Credentials.Verification;

/// <summary>
/// Verifies Claim 169 QR credentials offline: structure (<see cref="Claim169Decoder"/>), trusted key by kid,
/// key validity at issuance, Ed25519/ES256 signature, claim 169 present, nbf/exp with clock skew, and
/// revocation against a signed status list. Never throws on bad input.
/// </summary>
public sealed class Claim169Verifier : ICredentialVerifier
{
    private readonly TrustList _trust;
    private readonly CredentialVerifierOptions _options;
    private readonly TimeProvider _time;
    private readonly IStatusListSource? _statusLists;
    private readonly ILogger _logger;

    // The last verified status list token and its bits: one list usually serves many scans.
    private volatile VerifiedStatusList? _lastStatusList;

    /// <summary>Creates a verifier.</summary>
    /// <param name="trust">Trusted issuer keys.</param>
    /// <param name="options">Options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="statusLists">Where status lists come from; null disables revocation checks unless <see cref="StatusCheck.Required"/>.</param>
    /// <param name="logger">Logger (serials and kids only).</param>
    public Claim169Verifier(TrustList trust, IOptions<CredentialVerifierOptions>? options = null, TimeProvider? time = null, IStatusListSource? statusLists = null, ILogger<Claim169Verifier>? logger = null)
    {
        _trust = trust ?? throw new ArgumentNullException(nameof(trust));
        _options = options?.Value ?? new CredentialVerifierOptions();
        _time = time ?? TimeProvider.System;
        _statusLists = statusLists;
        _logger = logger ?? NullLogger<Claim169Verifier>.Instance;
    }

    /// <inheritdoc />
    public async ValueTask<CredentialVerification> VerifyAsync(string qrText, CancellationToken cancellationToken = default)
    {
        var decoded = Claim169Decoder.Decode(qrText, _options.Limits, _options.DecryptionKeys.Count == 0 ? null : [.. _options.DecryptionKeys]);
        if (!decoded.TryGetValue(out var credential, out var failure))
        {
            _logger.LogDebug("Credential rejected: {Reason}", failure.Reason);
            return new CredentialVerification(null, null, failure.Reason, failure.Message);
        }

        var result = VerifyOffline(credential);
        if (result.IsValid && _options.StatusCheck != StatusCheck.Skip)
        {
            result = await CheckStatusAsync(credential, result, cancellationToken).ConfigureAwait(false);
        }

        _logger.LogDebug("Credential {Serial} under {KeyId}: {Outcome}", credential.Metadata.Serial, credential.Metadata.KeyId, result.Error?.ToString() ?? "valid");
        return result;
    }

    /// <summary>Verifies a decoded credential: key, signature, claims and time (not revocation).</summary>
    public CredentialVerification VerifyOffline(DecodedCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var (subject, metadata, claims, message) = (credential.Subject, credential.Metadata, credential.Claims, credential.Message);
        CredentialVerification Fail(CredentialError error, string text) => new(subject, metadata, error, text);

        if (message is null)
        {
            return Fail(CredentialError.BadCose, "The credential is not signed.");
        }

        if (message.Algorithm is not ((int)Cose.CoseAlgorithm.EdDsa or (int)Cose.CoseAlgorithm.Ed25519 or (int)Cose.CoseAlgorithm.Es256))
        {
            return Fail(CredentialError.BadCose, "Unsupported or missing signature algorithm.");
        }

        var candidates = _trust.Candidates(message.KeyId.Span, claims.Issuer).Where(k => k.Accepts(message.Algorithm)).ToList();
        if (candidates.Count == 0)
        {
            return Fail(CredentialError.UnknownKey, "The signing key is not in the trust list.");
        }

        var toBeSigned = message.ToBeSigned();
        var signer = candidates.Find(k => k.Verify(toBeSigned, message.Signature.Span));
        if (signer is null)
        {
            return Fail(CredentialError.BadSignature, "The signature does not verify.");
        }

        if (signer.Issuer is not null && claims.Issuer != signer.Issuer)
        {
            return Fail(CredentialError.UnknownKey, "The key is not trusted for this issuer.");
        }

        if (claims.Identity is null)
        {
            return Fail(CredentialError.MissingIdentity, "The claims set has no claim 169.");
        }

        var now = _time.GetUtcNow();
        var issuedAt = metadata.IssuedAt ?? metadata.NotBefore;
        if ((signer.ValidFrom is not null || signer.ValidUntil is not null) && (issuedAt is null || !signer.IsValidAt(issuedAt.Value)))
        {
            return Fail(CredentialError.KeyNotValid, "The signing key was not valid when the credential was issued.");
        }

        if (metadata.ExpiresAt is null && _options.RequireExpiry)
        {
            return Fail(CredentialError.BadClaim, "The credential has no expiry.");
        }

        if (metadata.ExpiresAt is { } exp && now > exp + _options.ClockSkew)
        {
            return Fail(CredentialError.Expired, "The credential has expired.");
        }

        if (metadata.NotBefore is { } nbf && now < nbf - _options.ClockSkew)
        {
            return Fail(CredentialError.NotYetValid, "The credential is not yet valid.");
        }

        if (metadata.IssuedAt is { } iat && now < iat - _options.ClockSkew)
        {
            return Fail(CredentialError.NotYetValid, "The credential was issued in the future.");
        }

        return new CredentialVerification(subject, metadata, null, "Valid.");
    }

    private async ValueTask<CredentialVerification> CheckStatusAsync(DecodedCredential credential, CredentialVerification valid, CancellationToken cancellationToken)
    {
        if (credential.Claims.StatusIndex is not { } index)
        {
            return valid;
        }

        CredentialVerification Unknown(string text) => _options.StatusCheck == StatusCheck.Required
            ? valid with { Error = CredentialError.StatusUnknown, Message = text }
            : valid;

        var token = _statusLists is null ? null : await _statusLists.GetTokenAsync(credential.Claims.StatusListUri, cancellationToken).ConfigureAwait(false);
        if (token is not { } bytes)
        {
            return Unknown("No status list is held for this credential.");
        }

        var cached = _lastStatusList;
        StatusListSnapshot? snapshot;
        if (cached is not null && cached.Token.AsSpan().SequenceEqual(bytes.Span))
        {
            snapshot = cached.Snapshot;
        }
        else if (StatusListToken.TryVerify(bytes, _trust, _options.Limits.MaxDecompressedBytes, out snapshot) && snapshot is not null)
        {
            _lastStatusList = new VerifiedStatusList(bytes.ToArray(), snapshot);
        }
        else
        {
            return Unknown("The held status list is malformed or not signed by a trusted key.");
        }

        var now = _time.GetUtcNow();
        if ((credential.Claims.StatusListUri is { } uri && uri != snapshot.Uri)
            || now - snapshot.IssuedAt > _options.StatusListMaxAge
            || (snapshot.ExpiresAt is { } exp && now > exp + _options.ClockSkew)
            || !snapshot.List.Covers(index))
        {
            return Unknown("The held status list is stale, for another list, or does not cover this credential.");
        }

        return snapshot.List.IsRevoked(index)
            ? valid with { Error = CredentialError.Revoked, Message = "The credential was revoked." }
            : valid;
    }

    private sealed record VerifiedStatusList(byte[] Token, StatusListSnapshot Snapshot);
}
