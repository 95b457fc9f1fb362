using System;
using System.Collections.Generic;
using System.Net.Security;

namespace Taskcluster;

/// <summary>Options of a <see cref="Connection"/>; copied when the connection is created.</summary>
public sealed record ConnectionOptions
{
    /// <summary>
    /// The AMQP URI, for example <c>amqps://user:password@pulse.mozilla.org/</c> or
    /// <c>amqp://user:password@host:5672/vhost</c>. User name, password and virtual host are percent-decoded, so a
    /// <c>@</c>, <c>:</c> or <c>/</c> in them is written <c>%40</c>, <c>%3A</c>, <c>%2F</c>. <c>amqps</c> uses TLS
    /// and port 5671 unless the URI names another; query parameters are ignored.
    /// </summary>
    public string ConnectionString { get; init; } = string.Empty;

    /// <summary>
    /// The name the broker shows for the connection (management UI, <c>rabbitmqctl list_connections</c>);
    /// <c>taskcluster-client</c> when not set.
    /// </summary>
    public string? ClientProvidedName { get; init; }

    /// <summary>How long to wait between attempts to re-establish a lost connection. Five seconds by default.</summary>
    public TimeSpan RecoveryInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an operation (<see cref="Listener.BindAsync"/>, <see cref="Listener.ResumeAsync"/>,
    /// <see cref="Listener.DeleteQueueAsync"/>...) called while the connection is being recovered waits for the
    /// recovery before it gives up with an <see cref="AmqpConnectionException"/>. One minute by default, which covers a
    /// broker restart; the caller's cancellation token can end the wait sooner.
    /// </summary>
    public TimeSpan RecoveryWaitTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The AMQP heartbeat the client asks for: 120 seconds by default, as TaskCluster's own consumers use.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>How long opening the TCP (and TLS) connection may take: 30 seconds by default, as TaskCluster's consumers use.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Checks the broker's TLS certificate on <c>amqps</c> connections. Null (the default): the certificate must chain
    /// to a root the operating system trusts and name the host of the connection string, as for HTTPS. Set it to trust
    /// a private certificate authority; accepting every certificate throws away what TLS is for.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>The variable holding the Pulse user name, which is also the default namespace of queues.</summary>
    public const string PulseUserNameVariable = "PULSE_USERNAME";

    /// <summary>The variable holding the Pulse password.</summary>
    public const string PulsePasswordVariable = "PULSE_PASSWORD";

    /// <summary>The variable holding the Pulse host name, for example <c>pulse.mozilla.org</c>.</summary>
    public const string PulseHostNameVariable = "PULSE_HOSTNAME";

    /// <summary>The variable holding the virtual host; <c>/</c> when not set.</summary>
    public const string PulseVirtualHostVariable = "PULSE_VHOST";

    /// <summary>The variable that, set to <c>false</c> or <c>0</c>, turns TLS off (<c>amqp</c> on port 5672).</summary>
    public const string PulseAmqpsVariable = "PULSE_AMQPS";

    /// <summary>
    /// Builds the options from the variables TaskCluster deployments use for their Pulse connection:
    /// <c>PULSE_USERNAME</c>, <c>PULSE_PASSWORD</c>, <c>PULSE_HOSTNAME</c>, and optionally <c>PULSE_VHOST</c>
    /// (default <c>/</c>) and <c>PULSE_AMQPS</c> (default true: <c>amqps</c> on port 5671).
    /// </summary>
    /// <returns>The options, or null when none of the three required variables is set.</returns>
    /// <exception cref="InvalidOperationException">Some of the required variables are set but not all (the message names the missing ones).</exception>
    public static ConnectionOptions? FromPulseEnvironment()
    {
        string? userName = Read(PulseUserNameVariable);
        string? password = Read(PulsePasswordVariable);
        string? hostName = Read(PulseHostNameVariable);
        if (userName is null && password is null && hostName is null) return null;
        var missing = new List<string>();
        if (userName is null) missing.Add(PulseUserNameVariable);
        if (password is null) missing.Add(PulsePasswordVariable);
        if (hostName is null) missing.Add(PulseHostNameVariable);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"A Pulse connection from the environment needs {PulseUserNameVariable}, {PulsePasswordVariable} and " +
                $"{PulseHostNameVariable}; missing: {string.Join(", ", missing)}.");
        }
        string amqps = Read(PulseAmqpsVariable) ?? "true";
        bool tls = !(amqps.Equals("false", StringComparison.OrdinalIgnoreCase) || amqps == "0");
        return new ConnectionOptions
        {
            ConnectionString = BuildConnectionString(userName!, password!, hostName!, Read(PulseVirtualHostVariable) ?? "/", tls),
        };

        static string? Read(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrEmpty(value) ? null : value;
        }
    }

    /// <summary>
    /// Builds a connection string with every part percent-encoded, so user names, passwords and virtual hosts with
    /// <c>@</c>, <c>:</c> or <c>/</c> in them survive.
    /// </summary>
    /// <param name="userName">The user name; on Pulse also the namespace of the user's queues.</param>
    /// <param name="password">The password.</param>
    /// <param name="hostName">The broker's host name (without port).</param>
    /// <param name="virtualHost">The virtual host, <c>/</c> for the default one.</param>
    /// <param name="tls">True for <c>amqps</c> on port 5671, false for <c>amqp</c> on 5672.</param>
    /// <param name="port">Another port than the default of the scheme; null for the default.</param>
    /// <returns>The connection string.</returns>
    /// <exception cref="ArgumentException">A part is null or empty.</exception>
    public static string BuildConnectionString(string userName, string password, string hostName, string virtualHost = "/", bool tls = true, int? port = null)
    {
        if (string.IsNullOrEmpty(userName)) throw new ArgumentException("A user name is required.", nameof(userName));
        if (string.IsNullOrEmpty(password)) throw new ArgumentException("A password is required.", nameof(password));
        if (string.IsNullOrEmpty(hostName)) throw new ArgumentException("A host name is required.", nameof(hostName));
        if (string.IsNullOrEmpty(virtualHost)) throw new ArgumentException("A virtual host is required ('/' for the default one).", nameof(virtualHost));
        int actualPort = port ?? (tls ? 5671 : 5672);
        return $"{(tls ? "amqps" : "amqp")}://{Uri.EscapeDataString(userName)}:{Uri.EscapeDataString(password)}@{hostName}:{actualPort}/{Uri.EscapeDataString(virtualHost)}";
    }
}
