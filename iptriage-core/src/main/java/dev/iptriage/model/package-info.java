/** Values shared by the engine and the sinks: {@link dev.iptriage.model.Field} and {@link dev.iptriage.model.Status}. */
package dev.iptriage.model;
