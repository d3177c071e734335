namespace EId.Faces;

/// <summary>One action an active-liveness challenge asks the person to perform.</summary>
public enum ChallengeKind
{
    /// <summary>Close both eyes and open them again.</summary>
    Blink = 1,

    /// <summary>Turn the head to the person's own left.</summary>
    TurnLeft = 2,

    /// <summary>Turn the head to the person's own right.</summary>
    TurnRight = 3,

    /// <summary>Open the mouth.</summary>
    OpenMouth = 4,

    /// <summary>Tilt the head back (look up).</summary>
    LookUp = 5,

    /// <summary>Tilt the head forward (look down).</summary>
    LookDown = 6,
}
