namespace EId.Risk.Policies;

/// <summary>What a velocity limit counts requests per.</summary>
public enum VelocityScope
{
    /// <summary>Per device.</summary>
    Device = 1,

    /// <summary>Per subject (ID number, counted by its pseudonym).</summary>
    Subject = 2,

    /// <summary>Per site.</summary>
    Site = 3,
}
