namespace EId.Risk;

/// <summary>The final decision of the risk pipeline. Ordered: a later value is stricter.</summary>
public enum RiskDecision
{
    /// <summary>Go ahead.</summary>
    Allow = 0,

    /// <summary>Go ahead only after a person has reviewed the case.</summary>
    Review = 1,

    /// <summary>Refuse.</summary>
    Deny = 2,
}
