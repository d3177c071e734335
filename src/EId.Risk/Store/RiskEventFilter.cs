namespace EId.Risk.Store;

/// <summary>The query semantics every store implements, in code (the SQL stores mirror it).</summary>
internal static class RiskEventFilter
{
    public static bool Matches(RiskEventQuery query, RiskEvent riskEvent) =>
        (query.SubjectKey is null || query.SubjectKey == riskEvent.SubjectKey)
        && (query.DeviceId is null || query.DeviceId == riskEvent.DeviceId)
        && (query.From is null || riskEvent.At >= query.From)
        && (query.To is null || riskEvent.At < query.To)
        && (query.Decision is null || query.Decision == riskEvent.Decision);

    /// <summary>Stores keep event times in UTC with millisecond precision.</summary>
    public static DateTimeOffset ToStoredTime(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());
}
