using System.Globalization;
using EId.Privacy;

namespace EId.Risk.Policies;

/// <summary>
/// Velocity limits per device, per subject and per site over sliding windows (<see cref="VelocityRule"/>).
/// Each rule counts the requests it lets through; a request over any limit gets that rule's decision.
/// Subjects are counted by pseudonym, never by the plain ID number.
/// </summary>
public sealed class VelocityPolicy : IRiskPolicy
{
    private readonly VelocityRule[] _rules;
    private readonly SubjectPseudonym _pseudonym;
    private readonly IVelocityCounter _counter;

    /// <summary>Creates the policy with counts in this process (<see cref="SlidingWindowCounter"/>).</summary>
    /// <exception cref="ArgumentException">A rule is invalid.</exception>
    public VelocityPolicy(IEnumerable<VelocityRule> rules, SubjectPseudonym pseudonym)
        : this(rules, pseudonym, new SlidingWindowCounter())
    {
    }

    /// <summary>Creates the policy over <paramref name="counter"/> (a shared one makes limits count across instances).</summary>
    /// <exception cref="ArgumentException">A rule is invalid.</exception>
    public VelocityPolicy(IEnumerable<VelocityRule> rules, SubjectPseudonym pseudonym, IVelocityCounter counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        _counter = counter;
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(pseudonym);
        _rules = [.. rules];
        if (_rules.Any(r => r is null || !r.IsValid))
        {
            throw new ArgumentException("Every velocity rule needs a positive limit and window.", nameof(rules));
        }

        _pseudonym = pseudonym;
    }

    /// <inheritdoc />
    public string Name => "velocity";

    /// <inheritdoc />
    public async ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        List<RiskReason>? reasons = null;
        var decision = RiskDecision.Allow;
        string? subjectKey = null;
        for (var i = 0; i < _rules.Length; i++)
        {
            var rule = _rules[i];
            if (rule.Action is not null && !string.Equals(rule.Action, context.Action, StringComparison.Ordinal))
            {
                continue;
            }

            var value = rule.Scope switch
            {
                VelocityScope.Device => context.DeviceId,
                VelocityScope.Site => context.SiteId,
                _ => string.IsNullOrWhiteSpace(context.IdNumber) ? null : subjectKey ??= _pseudonym.Of(context.IdNumber),
            };
            if (value is null)
            {
                continue;
            }

            var key = string.Create(CultureInfo.InvariantCulture, $"{i}|{value}");
            if (!await _counter.TryAcquireAsync(key, context.At, rule.Limit, rule.Window, cancellationToken).ConfigureAwait(false))
            {
                reasons ??= [];
                reasons.Add(new RiskReason(
                    RiskReasonCode.VelocityExceeded,
                    string.Create(CultureInfo.InvariantCulture, $"more than {rule.Limit} requests per {rule.Scope.ToString().ToLowerInvariant()} in {rule.Window}"),
                    Name));
                decision = (RiskDecision)Math.Max((int)decision, (int)rule.Decision);
            }
        }

        return reasons is null ? RiskAssessment.Allowed : new RiskAssessment(decision, reasons);
    }
}
