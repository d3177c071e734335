using EId.Diagnostics;
using System.Collections.Concurrent;
using EId.Credentials.Status;
using EId.Credentials.Trust;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Credentials.Verification;

/// <summary>
/// Verifies Claim 169 QR credentials offline: structure (<see cref="Claim169Decoder"/>), trusted key by kid,
/// key validity (at issuance, at verification time and against its retirement), Ed25519/ES256 signature, claim 169
/// present, exp required by default, nbf/exp with clock skew, and revocation against a signed status list, refusing
/// lists older than the newest seen. Thread-safe; never throws on bad input.
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

    // The newest status list seen per list URI, so an older one presented later is refused (lives as long as the verifier).
    private readonly ConcurrentDictionary<string, VerifiedStatusList> _newest = new(StringComparer.Ordinal);

    /// <summary>Creates a verifier.</summary>
    /// <param name="trust">Trusted issuer keys.</param>
    /// <param name="options">Options.</param>
    /// <param name="time">The clock.</param>
    /// <param name="statusLists">Where status lists come from; null means none is held (an error with <see cref="StatusCheck.Required"/>).</param>
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
        using var scope = Telemetry.Verify.Start();
        var result = await VerifyCoreAsync(qrText, cancellationToken).ConfigureAwait(false);
        scope.Complete(result.IsValid ? "valid" : "invalid", EIdTags.Tag(EIdTags.Reason, result.Error?.ToString()));
        return result;
    }

    /// <summary>The metrics and activities of this verifier (meter and activity source <see cref="CredentialsTelemetry.SourceName"/>).</summary>
    public CredentialsTelemetry Telemetry { get; init; } = CredentialsTelemetry.Shared;

    private async ValueTask<CredentialVerification> VerifyCoreAsync(string qrText, CancellationToken cancellationToken)
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
        if (KeyWindowProblem(signer, metadata.IssuedAt ?? metadata.NotBefore, now) is { } problem)
        {
            return Fail(CredentialError.KeyNotValid, problem);
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

        // Whatever the mode, a list that is held but cannot be trusted is an error, never "no list": otherwise an
        // attacker defeats revocation by swapping in a forged, stale or older list.
        CredentialVerification Unknown(string text) => valid with { Error = CredentialError.StatusUnknown, Message = text };
        var uri = credential.Claims.StatusListUri;
        var now = _time.GetUtcNow();
        var token = _statusLists is null ? null : await _statusLists.GetTokenAsync(uri, cancellationToken).ConfigureAwait(false);
        VerifiedStatusList held;
        if (token is { } bytes)
        {
            if (Verify(bytes, credential.Claims.Issuer, now) is not { } verified)
            {
                return Unknown("The held status list is malformed, not signed by a key trusted for this issuer, or issued in the future.");
            }

            // Keep the newest list seen per list (by iat): an older genuine list (rollback) must not hide a later revocation.
            var newest = _newest.AddOrUpdate(verified.Snapshot.Uri, verified, (_, current) => verified.Snapshot.IssuedAt > current.Snapshot.IssuedAt ? verified : current);
            if (verified.Snapshot.IssuedAt < newest.Snapshot.IssuedAt)
            {
                return Unknown("The held status list is older than one this verifier has already seen.");
            }

            held = verified;
        }
        else if (uri is not null && _newest.TryGetValue(uri, out var remembered))
        {
            // The source lost the list after this verifier saw it: fall back on what was seen (still subject to its max age).
            held = remembered;
        }
        else
        {
            return _options.StatusCheck == StatusCheck.Required ? Unknown("No status list is held for this credential.") : valid;
        }

        var snapshot = held.Snapshot;
        if (uri is not null && uri != snapshot.Uri)
        {
            return Unknown("The held status list is for another list.");
        }

        if (now - snapshot.IssuedAt > _options.StatusListMaxAge || (snapshot.ExpiresAt is { } exp && now > exp + _options.ClockSkew))
        {
            return Unknown("The held status list is stale.");
        }

        if (!snapshot.List.Covers(index))
        {
            return Unknown("The held status list does not cover this credential.");
        }

        return snapshot.List.IsRevoked(index)
            ? valid with { Error = CredentialError.Revoked, Message = "The credential was revoked." }
            : valid;
    }

    /// <summary>The verified list in <paramref name="token"/> when its signer may sign for <paramref name="issuer"/> at its iat; else null.</summary>
    private VerifiedStatusList? Verify(ReadOnlyMemory<byte> token, string? issuer, DateTimeOffset now)
    {
        var verified = _lastStatusList;
        if (verified is null || !verified.Token.AsSpan().SequenceEqual(token.Span))
        {
            if (!StatusListToken.TryVerify(token, _trust, _options.Limits.MaxDecompressedBytes, out var snapshot, out var signer) || snapshot is null || signer is null)
            {
                return null;
            }

            verified = new VerifiedStatusList(token.ToArray(), snapshot, signer);
            _lastStatusList = verified;
        }

        // The same key rules as for credentials: bound to the credential's issuer, inside its window, not retired; and no future
        // iat, which would make every later genuine list look like a rollback.
        return (verified.Signer.Issuer is null || verified.Signer.Issuer == issuer)
            && KeyWindowProblem(verified.Signer, verified.Snapshot.IssuedAt, now) is null
            && verified.Snapshot.IssuedAt <= now + _options.ClockSkew
            ? verified
            : null;
    }

    /// <summary>Why <paramref name="key"/> may not vouch for something it signed at <paramref name="issuedAt"/>, verified at <paramref name="now"/>; null when it may.</summary>
    private string? KeyWindowProblem(TrustedIssuerKey key, DateTimeOffset? issuedAt, DateTimeOffset now)
    {
        if (key.RetiredAt is { } retired && now >= retired)
        {
            // A retired key may have leaked and a leaked key can back-date iat: nothing it signed is accepted any more.
            return "The signing key has been retired.";
        }

        if (key.ValidFrom is null && key.ValidUntil is null && key.RetiredAt is null)
        {
            return null;
        }

        if (issuedAt is null || !key.IsValidAt(issuedAt.Value))
        {
            return "The signing key was not valid when the credential was issued.";
        }

        // Past its signing period a key still vouches for what it issued, but only for the grace period (the longest
        // credential it could have issued): this bounds what a leaked, rotated-out key can mint with a back-dated iat.
        return key.ValidUntil is { } until && now > until + _options.KeyRetirementGrace
            ? "The signing key's signing period ended more than the retirement grace period ago."
            : null;
    }

    private sealed record VerifiedStatusList(byte[] Token, StatusListSnapshot Snapshot, TrustedIssuerKey Signer);
}
