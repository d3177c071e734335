namespace EId.Cli.Output;

/// <summary>The reference date verbs judge birth dates against.</summary>
internal static class Reference
{
    public static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().DateTime);
}
