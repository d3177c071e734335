using EId.Diagnostics;
using EId.Privacy;
using EId.Risk.Policies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Risk.Gateway;

/// <summary>
/// The front door of every request: authenticates the device and request (<see cref="RequestAuthenticator"/>),
/// checks the device's capability for the action, then runs the risk policies. Every refusal (deny or
/// review) is appended to the <see cref="IRiskStore"/> before the result is returned; allows too when
/// configured. Events hold the subject as a keyed pseudonym and a masked number only.
/// </summary>
public sealed class SecurityGateway : ISecurityGateway
{
    /// <summary>Code given when the device certificate does not list the action.</summary>
    public static RiskReasonCode CapabilityMissing => DeviceStatusPolicy.CapabilityMissing;

    private const string Source = "gateway";

    private readonly RequestAuthenticator _authenticator;
    private readonly RiskPipeline _policies;
    private readonly IRiskStore _store;
    private readonly SubjectPseudonym _pseudonym;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a gateway.</summary>
    public SecurityGateway(
        RequestAuthenticator authenticator,
        IEnumerable<IRiskPolicy> policies,
        IRiskStore store,
        SubjectPseudonym pseudonym,
        TimeProvider timeProvider,
        SecurityGatewaySettings? settings = null,
        ILogger<SecurityGateway>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pseudonym);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _authenticator = authenticator;
        _policies = new RiskPipeline(policies, logger); // a failing policy is logged under the gateway that denied because of it
        _store = store;
        _pseudonym = pseudonym;
        _time = timeProvider;
        Settings = settings ?? new SecurityGatewaySettings();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The gateway's settings.</summary>
    public SecurityGatewaySettings Settings { get; }

    /// <inheritdoc />
    /// <remarks>
    /// Bad requests give a deny with a typed reason, never an exception. If the risk store cannot record a
    /// refusal, its exception propagates: the caller must treat that as a refusal (fail closed).
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or its signed request is null.</exception>
    public async ValueTask<GatewayDecision> CheckAsync(GatewayRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Request);
        using var scope = Telemetry.Gateway.Start();
        var decided = await DecideAsync(request, cancellationToken).ConfigureAwait(false);
        scope.Complete(decided.Decision.ToString(), EIdTags.Tag(EIdTags.Reason, decided.Reasons.Count > 0 ? decided.Reasons[0].Code.Value : null));
        return decided;
    }

    /// <summary>The metrics and activities of this gateway (meter and activity source <see cref="RiskTelemetry.SourceName"/>).</summary>
    public RiskTelemetry Telemetry { get; init; } = RiskTelemetry.Shared;

    private async ValueTask<GatewayDecision> DecideAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var authenticated = await _authenticator.AuthenticateAsync(request.Request, cancellationToken).ConfigureAwait(false);
        RiskAssessment assessment;
        string? siteId = null;
        if (!authenticated.TryGetValue(out var accepted, out var refusal))
        {
            assessment = RiskAssessment.Deny(RequestAuthenticator.ToReasonCode(refusal.Reason), $"{refusal.Reason}: {refusal.Message}", Source);
        }
        else
        {
            siteId = accepted.Certificate.SiteId;
            if (Settings.RequireCapability && !accepted.Certificate.Allows(request.Action))
            {
                assessment = RiskAssessment.Deny(CapabilityMissing, "the device certificate does not allow this action", Source);
            }
            else
            {
                var context = new RiskContext
                {
                    Action = request.Action,
                    At = now,
                    DeviceId = accepted.Certificate.DeviceId,
                    SiteId = siteId,
                    IdNumber = request.IdNumber,
                    Face = request.Face,
                };
                assessment = await _policies.EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!assessment.IsAllowed || Settings.RecordAllowed)
        {
            await _store.AppendAsync(ToEvent(request, assessment, siteId, now), cancellationToken).ConfigureAwait(false);
        }

        if (!assessment.IsAllowed)
        {
            _logger.LogWarning(
                "Gateway {Decision} {Request}: {Reasons}",
                assessment.Decision,
                request,
                string.Join(", ", assessment.Reasons.Select(r => r.Code.Value)));
        }

        return new GatewayDecision(assessment.Decision, assessment.Reasons)
        {
            DeviceId = accepted?.Device.DeviceId,
            SiteId = accepted?.Device.SiteId,
        };
    }

    private RiskEvent ToEvent(GatewayRequest request, RiskAssessment assessment, string? siteId, DateTimeOffset now)
    {
        var idNumber = string.IsNullOrWhiteSpace(request.IdNumber) ? null : request.IdNumber;
        return new RiskEvent
        {
            Id = Guid.CreateVersion7(now),
            At = now,
            Action = Bounded(request.Action) ?? string.Empty,
            Decision = assessment.Decision,
            Reasons = assessment.Reasons,

            // An unauthenticated device id is attacker-chosen text: keep it only if it is a plain token.
            DeviceId = Bounded(request.Request.DeviceId),
            SiteId = siteId,
            SubjectKey = idNumber is null ? null : _pseudonym.Of(idNumber),
            SubjectMasked = idNumber is null ? null : PiiMask.IdNumber(idNumber),
            RequestId = Bounded(request.RequestId),
        };
    }

    private static string? Bounded(string? value) =>
        Requests.CanonicalRequest.IsToken(value, Requests.CanonicalRequest.MaxTokenLength) ? value : null;
}
