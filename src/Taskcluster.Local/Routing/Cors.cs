using System;
using Microsoft.AspNetCore.Http;

namespace Taskcluster.Local;

/// <summary>
/// Cross-origin access as TaskCluster's services allow it: any origin may call the API, because requests carry Hawk
/// credentials in <c>Authorization</c>, never cookies, so a foreign page gains nothing it was not given.
/// </summary>
/// <remarks>
/// A browser asks first (a preflight <c>OPTIONS</c>) before a request with <c>Authorization</c> or a JSON body; the
/// answer names the methods and headers a page may send and how long the browser may remember that. Every answer
/// also carries <c>Access-Control-Allow-Origin</c>, without which the page cannot read it, and exposes the headers
/// beyond the safelisted ones that clients read (retry hints, ranges, redirect targets).
/// </remarks>
internal static class Cors
{
    public const string AllowedMethods = "OPTIONS,GET,HEAD,POST,PUT,DELETE,PATCH";
    public const string AllowedHeaders = "X-Requested-With,Content-Type,Authorization,Accept,Origin,Cache-Control,Range";
    public const string ExposedHeaders = "Retry-After,Location,Content-Range,Accept-Ranges,Content-Length,ETag";

    /// <summary>How long a browser may reuse a preflight answer, in seconds (TaskCluster's services say 900).</summary>
    public const int MaxAgeSeconds = 900;

    /// <summary>
    /// Adds the headers every answer carries; answers a preflight outright and returns true, so nothing else runs.
    /// </summary>
    public static bool Handle(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlExposeHeaders = ExposedHeaders;
        if (!HttpMethods.IsOptions(http.Request.Method)) return false;

        // Any OPTIONS is answered as a preflight: no end-point of the references uses OPTIONS for anything else.
        headers.AccessControlAllowMethods = AllowedMethods;
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = MaxAgeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status200OK;
        return true;
    }
}
