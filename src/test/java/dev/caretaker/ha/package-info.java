/** High availability, proven: several application contexts on one PostgreSQL and one Redis, and Redis lost mid-run. */
package dev.caretaker.ha;
