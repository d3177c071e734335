namespace EId.Credentials.Claims;

/// <summary>The Claim 169 biometric slots (identity-map keys 50–65).</summary>
public enum BiometricKind
{
    /// <summary>Right thumb (50).</summary>
    RightThumb = 50,

    /// <summary>Right pointer finger (51).</summary>
    RightPointerFinger = 51,

    /// <summary>Right middle finger (52).</summary>
    RightMiddleFinger = 52,

    /// <summary>Right ring finger (53).</summary>
    RightRingFinger = 53,

    /// <summary>Right little finger (54).</summary>
    RightLittleFinger = 54,

    /// <summary>Left thumb (55).</summary>
    LeftThumb = 55,

    /// <summary>Left pointer finger (56).</summary>
    LeftPointerFinger = 56,

    /// <summary>Left middle finger (57).</summary>
    LeftMiddleFinger = 57,

    /// <summary>Left ring finger (58).</summary>
    LeftRingFinger = 58,

    /// <summary>Left little finger (59).</summary>
    LeftLittleFinger = 59,

    /// <summary>Right iris (60).</summary>
    RightIris = 60,

    /// <summary>Left iris (61).</summary>
    LeftIris = 61,

    /// <summary>Face (62).</summary>
    Face = 62,

    /// <summary>Right palm print (63).</summary>
    RightPalm = 63,

    /// <summary>Left palm print (64).</summary>
    LeftPalm = 64,

    /// <summary>Voice (65).</summary>
    Voice = 65,
}
