using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EId.Risk.Policies;

/// <summary>
/// Runs several policies and combines them: the strictest decision wins and all reasons are kept.
/// A pipeline is itself a policy, so pipelines nest. A policy that throws fails closed: its result is a
/// deny with <see cref="PolicyFailed"/>, never an allow.
/// </summary>
public sealed class RiskPipeline : IRiskPolicy
{
    /// <summary>Code given when a policy throws.</summary>
    public static RiskReasonCode PolicyFailed { get; } = new("policy.failed");

    private readonly IRiskPolicy[] _policies;
    private readonly ILogger _logger;

    /// <summary>Creates a pipeline of <paramref name="policies"/>, evaluated in order.</summary>
    /// <param name="policies">The policies.</param>
    /// <param name="logger">Where a failing policy is logged (e.g. the owning gateway's logger); null logs nothing.</param>
    public RiskPipeline(IEnumerable<IRiskPolicy> policies, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        _policies = [.. policies];
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => "pipeline";

    /// <summary>The policies, in evaluation order.</summary>
    public IReadOnlyList<IRiskPolicy> Policies => _policies;

    /// <inheritdoc />
    public async ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var results = new RiskAssessment[_policies.Length];
        for (var i = 0; i < _policies.Length; i++)
        {
            try
            {
                results[i] = await _policies[i].EvaluateAsync(context, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogError(exception, "Risk policy {Policy} failed for {Context}; denying.", _policies[i].Name, context);
                results[i] = RiskAssessment.Deny(PolicyFailed, "the policy could not be evaluated", _policies[i].Name);
            }
        }

        return results.Length == 1 ? results[0] : RiskAssessment.Combine(results);
    }
}
