namespace EId.Demo;

/// <summary>Which liveness checks a demo host runs.</summary>
public enum DemoLiveness
{
    /// <summary>The active challenge and the passive PAD check (what a real kiosk runs; the default).</summary>
    ActiveAndPassive,

    /// <summary>The passive PAD check only (<c>--no-active</c>: still sample photos cannot perform a challenge).</summary>
    PassiveOnly,

    /// <summary>No liveness check (<c>--no-liveness</c>): the issuer runs with <c>AllowWithoutLiveness</c>. Demo only.</summary>
    None,
}
