using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EId.Postal.AspNetCore.Console;

/// <summary>
/// The regulator web console: plain HTML, CSS and ES modules embedded in this assembly (no CDN, no npm build), served
/// under the API's prefix with a strict content security policy (same origin only). The console holds the officer's
/// bearer token in the tab's session storage and calls the API with it.
/// </summary>
public static class RegulatorConsole
{
    private const string ResourcePrefix = "EId.Regulator.Console/";

    // Same-origin scripts, styles and API calls only; nothing may frame the console.
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    /// <summary>The console's file names (embedded resources).</summary>
    public static IReadOnlyList<string> Files { get; } = [.. typeof(RegulatorConsole).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Select(n => n[ResourcePrefix.Length..])];

    /// <summary>Maps the console at <paramref name="prefix"/> (<c>{prefix}/</c> is the page).</summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="prefix">The path prefix (e.g. <c>/regulator</c>).</param>
    public static void Map(IEndpointRouteBuilder endpoints, string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Routing matches "/regulator" and "/regulator/" alike; the page needs the slash for its relative URLs.
        endpoints.MapGet(prefix, (HttpContext http) => http.Request.Path.Value?.EndsWith('/') == true ? Serve(http, "index.html") : Results.Redirect(http.Request.PathBase + prefix + "/"))
            .ExcludeFromDescription();
        endpoints.MapGet(prefix + "/{file}", (HttpContext http, string file) => Serve(http, file)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext http, string file)
    {
        // Only the embedded files by exact name: no path from the request reaches a file system.
        if (!Files.Contains(file, StringComparer.Ordinal) || !Types.TryGetValue(Path.GetExtension(file), out var type))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + file)!;
        return Results.Stream(stream, type);
    }
}
