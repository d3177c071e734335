namespace EId.Documents.IdCards;

/// <summary>GB/T 2261.1 sex codes used on ID cards: 0 unknown, 1 male, 2 female, 9 unspecified.</summary>
public static class SexCodes
{
    /// <summary>Maps a code character to <see cref="Gender"/>.</summary>
    /// <param name="code">The code as written in the text block.</param>
    /// <param name="gender">The gender (unspecified for 0 and 9).</param>
    /// <returns>False when the code is not 0, 1, 2 or 9.</returns>
    public static bool TryParse(string? code, out Gender gender)
    {
        gender = code switch
        {
            "1" => Gender.Male,
            "2" => Gender.Female,
            _ => Gender.Unspecified,
        };
        return code is "0" or "1" or "2" or "9";
    }

    /// <summary>The code for <paramref name="gender"/>: 1, 2, or 9 for anything else.</summary>
    /// <param name="gender">The gender.</param>
    /// <returns>The code character as a string.</returns>
    public static string ToCode(Gender gender) => gender switch
    {
        Gender.Male => "1",
        Gender.Female => "2",
        _ => "9",
    };
}
