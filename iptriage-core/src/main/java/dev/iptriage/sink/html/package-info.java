/** The self-contained HTML report: {@link dev.iptriage.sink.html.HtmlReport}. */
package dev.iptriage.sink.html;
