using System;
using System.Collections.Generic;

namespace Taskcluster.Client.Tests.Support;

/// <summary>Clears (or sets) environment variables for a test and puts the old values back afterwards.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new();

    public EnvironmentScope(params string[] cleared)
    {
        foreach (string name in cleared) Set(name, null);
    }

    public void Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }
}
