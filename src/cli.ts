/** Entry point (placeholder until the command wiring lands). */
process.stdout.write('azimg: under construction\n');
