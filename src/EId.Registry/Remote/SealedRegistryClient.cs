using System.Net;
using System.Net.Http.Headers;
using EId.Privacy;
using EId.Registry.Channel;
using EId.Registry.Protocol;
using EId.Registry.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EId.Registry.Remote;

/// <summary>
/// <see cref="IIdentityRegistry"/> over the sealed channel: every call is sealed end to end for the pinned
/// registry key and sent with HTTP POST. A Polly pipeline bounds each attempt and retries transient failures;
/// every attempt is sealed afresh (new ephemeral key and message id) so a retry is never a replay.
/// Both calls are safe to repeat (lookup reads; issuance is idempotent per serial). Expected failures are
/// values: outage → <see cref="RegistryError.Unavailable"/>, refused or unverifiable seal → <see cref="RegistryError.ChannelRejected"/>.
/// </summary>
public sealed class SealedRegistryClient : IIdentityRegistry
{
    private readonly Func<HttpClient> _httpClient;
    private readonly ChannelInitiator _initiator;
    private readonly Uri _endpoint;
    private readonly string _route;
    private readonly int _maxResponseBytes;
    private readonly int _attempts;
    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger _logger;

    /// <summary>Creates a client over an <see cref="HttpClient"/> the caller owns.</summary>
    /// <param name="httpClient">Transport; its own timeout should be longer than <see cref="SealedRegistryClientOptions.WorstCaseDuration"/>.</param>
    /// <param name="clientKey">This client's static key pair (not owned).</param>
    /// <param name="options">Base address, pinned server key, timeouts and retries.</param>
    /// <param name="timeProvider">Clock for message timestamps, timeouts and backoff.</param>
    /// <param name="logger">Log (no personal data).</param>
    /// <exception cref="ArgumentException">The options lack a base address or a valid pinned server key.</exception>
    public SealedRegistryClient(HttpClient httpClient, ChannelKeyPair clientKey, SealedRegistryClientOptions options, TimeProvider? timeProvider = null, ILogger<SealedRegistryClient>? logger = null)
        : this(FromInstance(httpClient), clientKey, options, timeProvider, logger)
    {
    }

    /// <summary>Creates a client that takes a fresh <see cref="HttpClient"/> from <paramref name="httpClientFactory"/> per call.</summary>
    /// <exception cref="ArgumentException">The options lack a base address or a valid pinned server key.</exception>
    public SealedRegistryClient(IHttpClientFactory httpClientFactory, string httpClientName, ChannelKeyPair clientKey, SealedRegistryClientOptions options, TimeProvider? timeProvider = null, ILogger<SealedRegistryClient>? logger = null)
        : this(FromFactory(httpClientFactory, httpClientName), clientKey, options, timeProvider, logger)
    {
    }

    private SealedRegistryClient(Func<HttpClient> httpClient, ChannelKeyPair clientKey, SealedRegistryClientOptions options, TimeProvider? timeProvider, ILogger<SealedRegistryClient>? logger)
    {
        ArgumentNullException.ThrowIfNull(clientKey);
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseAddress is null || !options.BaseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("BaseAddress must be an absolute URI.", nameof(options));
        }

        var serverKey = ChannelKeys.TryParsePublicKey(options.ServerPublicKey)
            ?? throw new ArgumentException("ServerPublicKey must be base64 of a 32-byte X25519 public key.", nameof(options));
        timeProvider ??= TimeProvider.System;
        _httpClient = httpClient;
        _initiator = new ChannelInitiator(clientKey, serverKey, timeProvider);
        _endpoint = new Uri(options.BaseAddress, options.Path);
        _route = SealedRegistryServer.Route("POST", _endpoint.AbsolutePath);
        _maxResponseBytes = options.MaxResponseBytes;
        _attempts = options.MaxRetries + 1;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                MaxDelay = options.MaxRetryDelay,
            });
        }

        _pipeline = builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>The metrics and activities of this registry (meter and activity source <see cref="RegistryTelemetry.SourceName"/>).</summary>
    public RegistryTelemetry Telemetry { get; init; } = RegistryTelemetry.Shared;

    /// <inheritdoc />
    public ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupAsync(string idNumber, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Lookup, "remote", () => LookupCoreAsync(idNumber, cancellationToken));

    private async ValueTask<Result<CitizenRecord, Failure<RegistryError>>> LookupCoreAsync(string idNumber, CancellationToken cancellationToken)
    {
        if (RegistryRules.CheckIdNumber(idNumber) is { } bad)
        {
            return bad;
        }

        var sent = await SendAsync(RegistryMessageCodec.EncodeLookup(idNumber), "lookup", cancellationToken).ConfigureAwait(false);
        if (!sent.IsSuccess)
        {
            return sent.Error;
        }

        var result = RegistryMessageCodec.DecodeCitizenResponse(sent.Value);
        if (!result.IsSuccess && result.Error.Reason == RegistryError.BadRequest)
        {
            _logger.LogWarning("Registry answered a lookup of {Citizen} with a malformed body", PiiMask.IdNumber(idNumber));
        }

        return result;
    }

    /// <inheritdoc />
    public ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceAsync(IssuanceRecord issuance, CancellationToken cancellationToken = default) =>
        RegistryTelemetry.MeasureAsync(Telemetry.Write, "remote", () => RecordIssuanceCoreAsync(issuance, cancellationToken));

    private async ValueTask<Result<IssuanceRecord, Failure<RegistryError>>> RecordIssuanceCoreAsync(IssuanceRecord issuance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuance);
        if (RegistryRules.CheckIssuance(issuance) is { } bad)
        {
            return bad;
        }

        var sent = await SendAsync(RegistryMessageCodec.EncodeRecordIssuance(issuance), "issuance", cancellationToken).ConfigureAwait(false);
        return sent.IsSuccess ? RegistryMessageCodec.DecodeIssuanceResponse(sent.Value) : sent.Error;
    }

    private async Task<Result<byte[], Failure<RegistryError>>> SendAsync(byte[] plaintext, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, token) => await state.Client.AttemptAsync(state.Plaintext, token).ConfigureAwait(false),
                (Client: this, Plaintext: plaintext),
                cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelRefusedException ex)
        {
            _logger.LogWarning("Registry {Operation} refused by the sealed channel: {Reason}", operation, ex.Message);
            return new Failure<RegistryError>(RegistryError.ChannelRejected, ex.Message);
        }
        catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Registry {Operation} unavailable after {Attempts} attempts: {Error}", operation, _attempts, ex.GetType().Name);
            return new Failure<RegistryError>(RegistryError.Unavailable, $"The registry did not answer after {_attempts} attempts ({ex.GetType().Name}).");
        }
    }

    private async Task<byte[]> AttemptAsync(byte[] plaintext, CancellationToken cancellationToken)
    {
        using var exchange = _initiator.Seal(plaintext, _route);
        using var content = new ReadOnlyMemoryContent(exchange.Request);
        content.Headers.ContentType = new MediaTypeHeaderValue(SealedReply.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = content };
        using var response = await _httpClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (IsTransientStatus(response.StatusCode))
        {
            throw new TransientStatusException(response.StatusCode);
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new ChannelRefusedException($"The registry refused the request with HTTP {(int)response.StatusCode}.");
        }

        var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false)
            ?? throw new ChannelRefusedException("The registry response is larger than allowed.");
        var opened = exchange.OpenResponse(body);
        return opened.IsSuccess ? opened.Value : throw new ChannelRefusedException($"The registry response was rejected: {opened.Error.Reason}.");
    }

    private async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > _maxResponseBytes)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _maxResponseBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        TimeoutRejectedException or TransientStatusException or HttpRequestException or IOException => true,
        TaskCanceledException { InnerException: TimeoutException } => true, // HttpClient.Timeout
        _ => false,
    };

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static Func<HttpClient> FromInstance(HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        return () => httpClient;
    }

    private static Func<HttpClient> FromFactory(IHttpClientFactory factory, string name)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(name);
        return () => factory.CreateClient(name);
    }

    /// <summary>A refusal that repeating cannot fix (refused or unverifiable seal).</summary>
    private sealed class ChannelRefusedException(string message) : Exception(message);

    /// <summary>An HTTP status that a later attempt may not meet (408, 429, 5xx).</summary>
    private sealed class TransientStatusException(HttpStatusCode status) : Exception($"HTTP {(int)status}");
}
