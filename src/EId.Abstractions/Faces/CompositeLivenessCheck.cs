using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Faces;

/// <summary>
/// The liveness policy both flows apply (the issuer and the courier's identity check): every member check must say live,
/// in order; the first that does not decides, and a check that throws counts as a refusal
/// (<see cref="LivenessReason.CheckFailed"/>), never as live. No members means no liveness evidence: the result is
/// inconclusive, so a host that forgot to register a check refuses instead of waving captures through.
/// </summary>
/// <remarks>Thread-safe when its members are. Members after the first refusal do not run.</remarks>
public sealed class CompositeLivenessCheck : ILivenessCheck
{
    private readonly ILivenessCheck[] _checks;
    private readonly ILogger _logger;

    /// <summary>Creates the policy.</summary>
    /// <param name="checks">The member checks, in the order they run (a composite among them is flattened).</param>
    /// <param name="logger">Logs a member that throws (without the capture).</param>
    public CompositeLivenessCheck(IEnumerable<ILivenessCheck> checks, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        _checks = [.. checks.SelectMany(c => c is CompositeLivenessCheck inner ? inner._checks : [c ?? throw new ArgumentException("A liveness check is null.", nameof(checks))])];
        _logger = logger ?? NullLogger.Instance;
        Name = _checks.Length == 0 ? "none" : string.Join('+', _checks.Select(c => c.Name));
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The member checks, in order.</summary>
    public IReadOnlyList<ILivenessCheck> Checks => _checks;

    /// <inheritdoc />
    public ValueTask<LivenessResult> CheckAsync(FaceCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return RunAsync(capture, null, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<LivenessResult> CheckAsync(FaceCaptureAnalysis analysis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return RunAsync(analysis.Capture, analysis, cancellationToken);
    }

    private async ValueTask<LivenessResult> RunAsync(FaceCapture capture, FaceCaptureAnalysis? analysis, CancellationToken cancellationToken)
    {
        if (_checks.Length == 0)
        {
            return new LivenessResult(float.NaN, LivenessDecision.Inconclusive, [LivenessReason.CheckFailed]) { Detail = "no liveness check is configured" };
        }

        var lowest = float.NaN;
        var details = new List<string>(_checks.Length);
        var reasons = new List<LivenessReason>();
        foreach (var check in _checks)
        {
            LivenessResult result;
            try
            {
                result = analysis is null
                    ? await check.CheckAsync(capture, cancellationToken).ConfigureAwait(false)
                    : await check.CheckAsync(analysis, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A broken check must not let a spoof through.
                _logger.LogError(ex, "Liveness check {Check} failed to run", check.Name);
                result = new LivenessResult(float.NaN, LivenessDecision.Inconclusive, [LivenessReason.CheckFailed]) { Detail = $"{check.Name}: the check failed to run" };
            }

            if (!result.IsLive)
            {
                var detail = result.Detail ?? check.Name;
                return result with { Detail = detail.StartsWith(check.Name + ":", StringComparison.Ordinal) ? detail : $"{check.Name}: {detail}" };
            }

            lowest = float.IsNaN(lowest) ? result.Score : MathF.Min(lowest, result.Score);
            details.Add(result.Detail ?? check.Name);
            reasons.AddRange(result.Reasons);
        }

        return new LivenessResult(lowest, LivenessDecision.Live, reasons) { Detail = string.Join(" | ", details) };
    }
}
