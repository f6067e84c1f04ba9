using System.Net;
using Microsoft.AspNetCore.Http;

namespace QuasiProperty.Web.Portal;

/// <summary>
/// The address a request came from: the TCP peer, or the client a trusted reverse proxy names in X-Forwarded-For
/// (applied by the forwarded-headers middleware before anything reads it). IPv4 is kept as IPv4.
/// </summary>
internal static class ClientAddress
{
    public static IPAddress? Of(HttpContext http) =>
        http.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : http.Connection.RemoteIpAddress;
}
