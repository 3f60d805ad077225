package dev.caretaker.backup;

import dev.caretaker.support.Postgres15;
import dev.caretaker.support.TestContexts;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A database on the PostgreSQL 15 test server with tables of known row counts (one in another schema, one whose name
 * has a space and capitals, one empty), and the context properties that make it the postgres target {@code shop}.
 */
final class Shop {

    /** The rows each table holds, as the catalogue names them. */
    static final Map<String, Long> ROWS = Map.of(
            "public.customers", 37L,
            "public.orders", 1200L,
            "public.Order Items", 3L,
            "public.empty", 0L,
            "audit.events", 5L);

    final String database;

    private Shop(String database) {
        this.database = database;
    }

    static Shop create() {
        Postgres15 pg = Postgres15.get();
        String db = pg.freshDatabase("shop");
        pg.execute(db,
                "create table customers (id serial primary key, name text not null)",
                "insert into customers (name) select 'customer ' || g from generate_series(1, 37) g",
                "create table orders (id bigserial primary key, customer int references customers, total numeric, "
                        + "note text)",
                "insert into orders (customer, total, note) select 1 + g % 37, g * 1.5, repeat('x', g % 50) "
                        + "from generate_series(1, 1200) g",
                "create table \"Order Items\" (id int, sku text)",
                "insert into \"Order Items\" values (1, 'a'), (2, 'b'), (3, 'c')",
                "create table empty (id int)",
                "create schema audit",
                "create table audit.events (id int, what text)",
                "insert into audit.events select g, 'event ' || g from generate_series(1, 5) g");
        return new Shop(db);
    }

    /** Properties for a context whose postgres target {@code shop} is this database, backed up into {@code dir}. */
    Map<String, Object> properties(Path dir) {
        Map<String, Object> p = new HashMap<>();
        Postgres15 pg = Postgres15.get();
        p.put("caretaker.targets.shop.type", "postgres");
        p.put("caretaker.targets.shop.url", pg.jdbcUrl(database));
        p.put("caretaker.targets.shop.username", Postgres15.SUPERUSER);
        p.put("caretaker.targets.shop.password", Postgres15.PASSWORD);
        p.put("caretaker.backups.client-dir", pg.clientDir().toString());
        p.put("caretaker.backups.storages.local.type", "local");
        p.put("caretaker.backups.storages.local.path", dir.toString());
        p.put("caretaker.probes.enabled", "false");
        p.put("caretaker.digest.scheduler.enabled", "false");
        return p;
    }

    ApplicationContext start(Path dir, Map<String, Object> more) {
        Map<String, Object> p = properties(dir);
        p.putAll(more);
        return TestContexts.start(p);
    }
}
