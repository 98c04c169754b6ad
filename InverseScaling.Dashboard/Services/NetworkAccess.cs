using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace InverseScaling.Dashboard.Services;

/// <summary>
/// Who may use the dashboard. On loopback (the default, <c>http://127.0.0.1:5180</c>) anyone on the machine, with no
/// friction. Bound to anything else (the lab network), it needs an access key — <c>InverseScaling:AccessKey</c>, or
/// <c>generate</c> for one made at start and printed — and refuses to start without one. The browser gives the key
/// once (<c>?key=…</c>) and keeps it in a cookie; scripts send it as <c>X-Access-Key</c> or <c>Authorization: Bearer</c>;
/// anything else gets 401. <c>AllowedHosts</c> defaults to the bound host names, so a page on another site cannot
/// reach the dashboard through a rebound DNS name.
/// </summary>
public sealed class NetworkAccess
{
    public const string KeySetting = "InverseScaling:AccessKey";
    public const string GenerateKey = "generate";
    public const string CookieName = "inverse-scaling-key";
    public const string HeaderName = "X-Access-Key";
    public const string QueryName = "key";

    private readonly byte[]? _key;

    private NetworkAccess(string? key) => _key = key is null ? null : Encoding.UTF8.GetBytes(key);

    /// <summary>The key requests must carry, or null when none is needed.</summary>
    public string? Key => _key is null ? null : Encoding.UTF8.GetString(_key);

    /// <summary>Reads the bound addresses and the key setting; sets AllowedHosts unless the user set it.</summary>
    /// <exception cref="DashboardStartException">Bound off loopback without a key.</exception>
    public static NetworkAccess Configure(IConfiguration configuration)
    {
        var hosts = (configuration["urls"] ?? "http://localhost:5000")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(HostOf)
            .ToList();
        var offLoopback = hosts.Where(h => !IsLoopback(h)).ToList();

        if (configuration["AllowedHosts"] is null or "*" && !hosts.Any(IsWildcard))
        {
            var loopbackNames = hosts.Any(IsLoopback) ? new[] { "localhost", "127.0.0.1", "[::1]" } : [];
            configuration["AllowedHosts"] = string.Join(';', hosts.Concat(loopbackNames).Distinct(StringComparer.OrdinalIgnoreCase));
        }

        var key = configuration[KeySetting];
        if (string.Equals(key, GenerateKey, StringComparison.OrdinalIgnoreCase))
        {
            key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
            Console.WriteLine($"Access key: {key} — open the dashboard once with ?{QueryName}={key}; the browser keeps it.");
        }

        if (offLoopback.Count > 0 && string.IsNullOrWhiteSpace(key))
        {
            throw new DashboardStartException(
                $"The dashboard is bound to {string.Join(", ", offLoopback)}, which other machines can reach, and it has no access key. " +
                $"Set {KeySetting} (a secret of your choice, or \"{GenerateKey}\" for one printed at start), or bind to 127.0.0.1.");
        }

        return new NetworkAccess(string.IsNullOrWhiteSpace(key) ? null : key);
    }

    /// <summary>Lets through requests that carry the key; takes it from <c>?key=</c> once into a cookie.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (_key is null || Matches(context.Request.Cookies[CookieName]) || Matches(context.Request.Headers[HeaderName]) || Matches(Bearer(context)))
        {
            await next(context);
            return;
        }

        if (Matches(context.Request.Query[QueryName]))
        {
            context.Response.Cookies.Append(CookieName, Key!, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(30),
            });
            var query = QueryString.Create(context.Request.Query.Where(q => q.Key != QueryName));
            context.Response.Redirect(context.Request.PathBase + context.Request.Path + query);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await context.Response.WriteAsync($"This dashboard needs its access key: open it once with ?{QueryName}=<key> (the key is set in {KeySetting}, or printed at start).");
    }

    private static string? Bearer(HttpContext context) =>
        context.Request.Headers.Authorization.ToString() is { } value && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : null;

    private bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _key);

    private static string HostOf(string url)
    {
        // Kestrel's wildcards (http://*:5000, http://+:5000) are not valid URI hosts.
        var parsed = new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        return parsed.Host; // an IPv6 host keeps its brackets, as in a Host header
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static bool IsWildcard(string host) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));
}

/// <summary>The dashboard cannot start as configured; the message says why and what to change.</summary>
public sealed class DashboardStartException(string message) : Exception(message);
