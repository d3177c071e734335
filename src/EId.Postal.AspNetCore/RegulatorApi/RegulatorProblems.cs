using EId.Postal.Regulation;
using Microsoft.AspNetCore.Http;

namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>The API's RFC 7807 problems (<c>application/problem+json</c>), each with a stable <c>type</c> and <c>code</c>.</summary>
public static class RegulatorProblems
{
    /// <summary>The prefix of every problem type URI.</summary>
    public const string TypePrefix = "urn:eid:regulator:problem:";

    /// <summary>A problem result.</summary>
    /// <param name="status">HTTP status.</param>
    /// <param name="code">Stable code (also the type's suffix).</param>
    /// <param name="title">Short title.</param>
    /// <param name="detail">What was wrong (never personal data).</param>
    /// <returns>The result.</returns>
    public static IResult Problem(int status, string code, string title, string detail) =>
        Results.Problem(detail, statusCode: status, title: title, type: TypePrefix + code, extensions: new Dictionary<string, object?> { ["code"] = code });

    /// <summary>The problem for a query's typed failure.</summary>
    /// <param name="failure">The failure.</param>
    /// <returns>The result.</returns>
    public static IResult Of(Failure<QueryError> failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure.Reason switch
        {
            QueryError.Unauthorized => Problem(StatusCodes.Status403Forbidden, "forbidden", "Role missing", failure.Message),
            QueryError.NotFound => Problem(StatusCodes.Status404NotFound, "not-found", "Not found", failure.Message),
            _ => BadInput(failure.Message),
        };
    }

    /// <summary>A 400 for a malformed parameter.</summary>
    /// <param name="detail">What is wrong.</param>
    /// <returns>The result.</returns>
    public static IResult BadInput(string detail) => Problem(StatusCodes.Status400BadRequest, "bad-input", "Bad input", detail);

    /// <summary>Writes a problem straight to a response (authentication events and the rate limiter have no endpoint result).</summary>
    /// <param name="http">The request.</param>
    /// <param name="status">HTTP status.</param>
    /// <param name="code">Stable code.</param>
    /// <param name="title">Title.</param>
    /// <param name="detail">Detail.</param>
    /// <returns>A task.</returns>
    public static Task WriteAsync(HttpContext http, int status, string code, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        return Problem(status, code, title, detail).ExecuteAsync(http);
    }
}
