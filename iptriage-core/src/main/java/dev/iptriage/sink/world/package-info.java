/** Offline country outlines for maps: {@link dev.iptriage.sink.world.WorldOutlines}. */
package dev.iptriage.sink.world;
