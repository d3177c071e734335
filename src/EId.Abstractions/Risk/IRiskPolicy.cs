namespace EId.Risk;

/// <summary>One risk rule. Policies compose into a pipeline whose strictest decision wins.</summary>
public interface IRiskPolicy
{
    /// <summary>Short name, used as <see cref="RiskReason.Source"/>.</summary>
    string Name { get; }

    /// <summary>Evaluates the request.</summary>
    ValueTask<RiskAssessment> EvaluateAsync(RiskContext context, CancellationToken cancellationToken = default);
}
