using EId.Diagnostics;
using System.Security.Cryptography;
using EId.Credentials.Claims;
using EId.Credentials.Imaging;
using EId.Credentials.Keys;
using EId.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EId.Credentials.Issuing;

/// <summary>
/// Issues temporary e-IDs as Claim 169 QR text: validity window from the injected clock, random serial
/// (cti), issuing device, status-list index, face thumbnail (key 62, WebP) and/or face template.
/// </summary>
public sealed class Claim169Issuer : ICredentialIssuer
{
    private readonly IIssuerKeyStore _keys;
    private readonly CredentialIssuerOptions _options;
    private readonly IStatusIndexAllocator _indices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates an issuer.</summary>
    /// <exception cref="ArgumentNullException">A status list URI is configured but no allocator is given (an in-process
    /// counter would hand out the same indices again after a restart).</exception>
    public Claim169Issuer(IIssuerKeyStore keys, IOptions<CredentialIssuerOptions> options, IStatusIndexAllocator? indices = null, TimeProvider? time = null, ILogger<Claim169Issuer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        _options = options.Value;
        _indices = indices ?? (_options.StatusListUri is null
            ? new SequentialStatusIndexAllocator()
            : throw new ArgumentNullException(nameof(indices), "A status list URI needs a persistent IStatusIndexAllocator (e.g. SqliteCredentialStatusStore)."));
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<Claim169Issuer>.Instance;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The validity is not positive or longer than allowed, or an oversized face cannot be decoded.</exception>
    public async ValueTask<IssuedCredential> IssueAsync(CredentialRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var scope = Telemetry.Issue.Start();
        try
        {
            var issued = await IssueCoreAsync(request, cancellationToken).ConfigureAwait(false);
            scope.Complete("issued");
            return issued;
        }
        catch (Exception ex)
        {
            scope.Fail(ex);
            throw;
        }
    }

    /// <summary>The metrics and activities of this issuer (meter and activity source <see cref="CredentialsTelemetry.SourceName"/>).</summary>
    public CredentialsTelemetry Telemetry { get; init; } = CredentialsTelemetry.Shared;

    private async ValueTask<IssuedCredential> IssueCoreAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        if (request.Validity <= TimeSpan.Zero || request.Validity > _options.MaxValidity)
        {
            throw new ArgumentException("Validity must be positive and within the configured maximum.", nameof(request));
        }

        var key = await _keys.GetSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        var subject = request.Subject;
        if (subject.Face is { } face && face.Data.Length > _options.MaxFaceBytes)
        {
            var thumbnail = FaceThumbnail.Create(face.Data.Span, request.FaceRegion, _options.FaceThumbnailSize, _options.MaxFaceBytes)
                ?? throw new ArgumentException("The face image cannot be decoded for down-scaling.", nameof(request));
            subject = subject with { Face = thumbnail };
        }

        var now = _time.GetUtcNow();
        var issuedAt = now.ToUnixTimeSeconds();
        var serial = RandomNumberGenerator.GetBytes(_options.SerialBytes);
        long? index = request.StatusIndex ?? (_options.StatusListUri is null ? null : await _indices.NextAsync(serial, cancellationToken).ConfigureAwait(false));
        var claims = new CwtClaims
        {
            Issuer = _options.Issuer,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            ExpiresAt = (now + request.Validity).ToUnixTimeSeconds(),
            Cti = serial,
            Identity = CredentialMapping.ToIdentity(subject, _options.CountryOfIssuance),
            DeviceId = request.DeviceId,
            StatusIndex = index,
            StatusListUri = index is null ? null : _options.StatusListUri,
        };

        var text = _options.EncryptionKey is { } aes
            ? Claim169Encoder.Encode(claims, key, aes.Span)
            : Claim169Encoder.Encode(claims, key);
        var metadata = CredentialMapping.ToMetadata(claims, key.KeyId.Span);
        _logger.LogInformation("Issued credential {Serial} under {KeyId} from device {DeviceId}, {Length} chars", metadata.Serial, key.KeyIdHex, request.DeviceId, text.Length);
        return new IssuedCredential(text, subject, metadata);
    }
}
