using EId.Privacy;
using EId.Registry.Channel;
using EId.Registry.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Registry.Remote;

/// <summary>
/// The registry side of the sealed channel, independent of the web framework: opens a sealed request,
/// dispatches it to an <see cref="IIdentityRegistry"/> and seals the answer for the calling client.
/// A host maps it in a few lines (see the package README); keeping ASP.NET Core out of the library keeps
/// the issuer-side client free of the web stack.
/// </summary>
public sealed class SealedRegistryServer
{
    private readonly IIdentityRegistry _registry;
    private readonly ChannelResponder _responder;
    private readonly int _maxRequestBytes;
    private readonly ILogger _logger;

    /// <summary>Creates the server.</summary>
    /// <param name="registry">The registry that answers.</param>
    /// <param name="responder">The channel end with the server key and the pinned client keys.</param>
    /// <param name="maxRequestBytes">Largest sealed request accepted.</param>
    /// <param name="logger">Log of refusals (key ids and reasons only).</param>
    public SealedRegistryServer(IIdentityRegistry registry, ChannelResponder responder, int maxRequestBytes = 64 * 1024, ILogger<SealedRegistryServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(responder);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRequestBytes, 1);
        _registry = registry;
        _responder = responder;
        _maxRequestBytes = maxRequestBytes;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Largest sealed request accepted; hosts should cap the body they read at this size.</summary>
    public int MaxRequestBytes => _maxRequestBytes;

    /// <summary>Builds the route text both ends bind into the seal: <c>"POST /registry"</c>.</summary>
    public static string Route(string method, string path) => $"{method.ToUpperInvariant()} {path}";

    /// <summary>Answers one sealed request received on <paramref name="route"/> (see <see cref="Route"/>).</summary>
    /// <returns>The reply to send; never throws for bad input.</returns>
    public async Task<SealedReply> HandleAsync(ReadOnlyMemory<byte> request, string route, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (request.Length > _maxRequestBytes)
        {
            return Refuse(413, ChannelError.Malformed, null);
        }

        var opened = await _responder.OpenAsync(request, route, cancellationToken).ConfigureAwait(false);
        if (!opened.IsSuccess)
        {
            return Refuse(StatusFor(opened.Error.Reason), opened.Error.Reason, null);
        }

        using var exchange = opened.Value;
        var answer = await DispatchAsync(exchange, cancellationToken).ConfigureAwait(false);
        return new SealedReply(200, exchange.SealResponse(answer));
    }

    private async Task<byte[]> DispatchAsync(OpenedRequest exchange, CancellationToken cancellationToken)
    {
        var decoded = RegistryMessageCodec.DecodeRequest(exchange.Plaintext);
        if (!decoded.IsSuccess)
        {
            _logger.LogWarning("Sealed registry request from client {ClientKeyId} is malformed", exchange.ClientKeyId);
            return RegistryMessageCodec.EncodeFailure(decoded.Error);
        }

        try
        {
            switch (decoded.Value)
            {
                case RegistryRequest.Lookup lookup:
                {
                    var result = await _registry.LookupAsync(lookup.IdNumber, cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Registry lookup of {Citizen} by client {ClientKeyId}: {Outcome}", PiiMask.IdNumber(lookup.IdNumber), exchange.ClientKeyId, result.IsSuccess ? "found" : result.Error.Reason.ToString());
                    return result.IsSuccess ? RegistryMessageCodec.EncodeCitizen(result.Value) : RegistryMessageCodec.EncodeFailure(result.Error);
                }

                case RegistryRequest.RecordIssuance record:
                {
                    var result = await _registry.RecordIssuanceAsync(record.Issuance, cancellationToken).ConfigureAwait(false);
                    _logger.LogInformation("Registry issuance {Serial} by client {ClientKeyId}: {Outcome}", record.Issuance.Serial, exchange.ClientKeyId, result.IsSuccess ? "recorded" : result.Error.Reason.ToString());
                    return result.IsSuccess ? RegistryMessageCodec.EncodeIssuance(result.Value) : RegistryMessageCodec.EncodeFailure(result.Error);
                }

                default:
                    return RegistryMessageCodec.EncodeFailure(new(RegistryError.BadRequest, "Unknown operation."));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A broken store is the registry's outage: answer it under seal so the client can tell it from an attack.
            _logger.LogError(ex, "Registry store failed for client {ClientKeyId}", exchange.ClientKeyId);
            return RegistryMessageCodec.EncodeFailure(new(RegistryError.Unavailable, "The registry store failed."));
        }
    }

    private SealedReply Refuse(int status, ChannelError reason, string? clientKeyId)
    {
        _logger.LogWarning("Sealed registry request refused: {Reason} (client {ClientKeyId})", reason, clientKeyId ?? "unknown");
        return new SealedReply(status, ReadOnlyMemory<byte>.Empty);
    }

    private static int StatusFor(ChannelError reason) => reason switch
    {
        ChannelError.Malformed or ChannelError.UnsupportedVersion => 400,
        ChannelError.Replayed => 409,
        ChannelError.Overloaded => 503,
        _ => 401,
    };
}
