using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EId.Diagnostics;

/// <summary>The tag names every EId instrument uses. Values are low-cardinality codes, never identifiers or names.</summary>
public static class EIdTags
{
    /// <summary>The operation's outcome, e.g. <c>issued</c>, <c>refused</c>, <c>allow</c>, <c>match</c>.</summary>
    public const string Outcome = "eid.outcome";

    /// <summary>A typed reason code (e.g. a risk reason code or an error enum value).</summary>
    public const string Reason = "eid.reason";

    /// <summary>A step of a flow (e.g. the issuance step).</summary>
    public const string Step = "eid.step";

    /// <summary>Which check or store (a configured name, e.g. <c>fr_liveness</c>, <c>sqlite</c>).</summary>
    public const string Kind = "eid.kind";

    /// <summary>The OpenTelemetry <c>error.type</c> attribute: the exception type of a failed operation.</summary>
    public const string ErrorType = "error.type";

    /// <summary>The outcome of an operation that threw.</summary>
    public const string Error = "error";

    /// <summary>A tag (for <see cref="TelemetryScope.Complete"/>).</summary>
    /// <param name="key">The tag name.</param>
    /// <param name="value">The value (null leaves the tag out).</param>
    /// <returns>The tag.</returns>
    public static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
