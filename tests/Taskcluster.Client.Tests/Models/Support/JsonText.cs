using System.Text;

namespace Taskcluster.Client.Tests.Models.Support;

/// <summary>JSON text compared as text.</summary>
internal static class JsonText
{
    /// <summary>
    /// The text with the whitespace between tokens removed and nothing else changed: no re-escaping, no re-spelling of
    /// numbers, property order kept. (Parsing and re-serializing would normalize exactly what the tests look at.)
    /// </summary>
    public static string Minify(string json)
    {
        var result = new StringBuilder(json.Length);
        bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\') result.Append(json[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c is ' ' or '\t' or '\r' or '\n') continue;
            if (c == '"') inString = true;
            result.Append(c);
        }
        return result.ToString();
    }
}
